/**
 * Child process for the job failover test: a node whose queue takes one job, reports progress,
 * prints `running <id>` and then never finishes (the test SIGKILLs it).
 * Usage: job-worker <postgres url> <schema> <secret key hex>.
 */
import { silentLogger, systemClock } from '../../core/index.js';
import { openPostgresStore } from '../../store/index.js';
import { createJobQueue } from './queue.js';

const [url, schema, key] = process.argv.slice(2);
if (!url || !schema || !key) throw new Error('usage: job-worker <postgres url> <schema> <secret key hex>');
const store = await openPostgresStore(url, { schema, maxConnections: 2, secretKey: { key } });
const queue = createJobQueue({
  jobs: store.jobs,
  clock: systemClock,
  logger: silentLogger,
  pollMs: 20,
  heartbeatMs: 50,
});
queue.handle('train', async (_input, ctx) => {
  ctx.progress(0.3, 'a third');
  process.stdout.write(`running ${ctx.job.id}\n`);
  await new Promise(() => {});
});
queue.start();
