/** `xinzhi witness serve`: the tlog-witness HTTP API (POST /add-checkpoint). */
import { createServer } from 'node:http';
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { parseAddCheckpointBody } from '../../../ledger/index.js';
import { action, type CliContext } from '../../context.js';
import { loadWitness, openStore, witnessOptions } from './witness-store.js';

export function registerServe(w: Command, ctx: CliContext): void {
  witnessOptions(w.command('serve').description('serve the tlog-witness HTTP API: POST /add-checkpoint'))
    .option('--port <n>', 'port', (v) => Number(v), 7380)
    .option('--host <host>', 'interface', '127.0.0.1')
    .action(
      action(ctx, async (o) => {
        const { store } = await openStore(o.db);
        const { witness, vkey } = await loadWitness(store, o.name);
        const server = createServer((req, res) => {
          if (req.method !== 'POST' || !req.url?.endsWith('/add-checkpoint')) {
            res.writeHead(404).end('not found\n');
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          req.on('data', (c: Buffer) => {
            size += c.length;
            if (size > 1 << 20) req.destroy();
            else chunks.push(c);
          });
          req.on('end', () => {
            const parsed = parseAddCheckpointBody(Buffer.concat(chunks).toString('utf8'));
            if ('error' in parsed) {
              res.writeHead(400, { 'content-type': 'text/plain' }).end(`${parsed.error}\n`);
              return;
            }
            witness.addCheckpoint(parsed).then(
              (r) => {
                if (r.status === 200)
                  res.writeHead(200, { 'content-type': 'text/plain' }).end(`${r.cosignature}\n`);
                else if (r.status === 409)
                  res.writeHead(409, { 'content-type': 'text/x.tlog.size' }).end(`${r.size}\n`);
                else res.writeHead(r.status, { 'content-type': 'text/plain' }).end(`${r.message}\n`);
              },
              (e: unknown) => res.writeHead(500).end(`${(e as Error).message}\n`),
            );
          });
        });
        await new Promise<void>((resolve, reject) => {
          server.once('error', (e: NodeJS.ErrnoException) =>
            reject(
              e.code === 'EADDRINUSE'
                ? new XinzhiError('PORT_IN_USE', `port ${o.port} is in use`, { field: 'port' })
                : e,
            ),
          );
          server.listen(o.port, o.host, () => resolve());
        });
        ctx.stderr(`witness ${o.name} listening on http://${o.host}:${o.port}/add-checkpoint\n${vkey}`);
      }),
    );
}
