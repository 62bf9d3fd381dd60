/**
 * `xinzhi witness …`: a partner's witness. It keeps its own key and state (in its own --db), and
 * cosigns a log's checkpoint only after checking a consistency proof from the last checkpoint it
 * cosigned (C2SP tlog-witness). `serve` speaks the tlog-witness HTTP API (POST /add-checkpoint);
 * `cosign` does the same for one request file, offline.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Command } from 'commander';
import { systemClock, XinzhiError } from '../../core/index.js';
import {
  ALG_COSIGNATURE_V1,
  cosignatureSigner,
  ed25519FromSeed,
  ed25519Generate,
  formatVerifierKey,
  isValidKeyName,
  noteKeyId,
  parseAddCheckpointBody,
  parseVerifierKey,
  type Verifier,
  Witness,
} from '../../ledger/index.js';
import type { LedgerStore } from '../../store/ledger-store.js';
import { action, type CliContext, printJson } from '../context.js';
import { openStoreFromOptions } from '../open-store.js';
import { dbOption, jsonOption } from '../options.js';

/** The witness keeps its key and state in `store.ledger` of its own xinzhi database. */
async function openStore(
  path: string | undefined,
): Promise<{ store: LedgerStore; close: () => Promise<void> }> {
  const main = await openStoreFromOptions({ db: path });
  return { store: main.ledger, close: () => main.close() };
}

async function loadWitness(store: LedgerStore, name: string): Promise<{ witness: Witness; vkey: string }> {
  const key = (await store.keysOf(name)).find(
    (k) => k.kind === 'witness' && k.privateSeed && k.validUntil === null,
  );
  if (!key)
    throw new XinzhiError(
      'NOT_FOUND',
      `no witness '${name}' here (run 'xinzhi witness init --name ${name}')`,
      { field: 'name' },
    );
  const logs = new Map<string, Verifier[]>();
  for (const vkey of JSON.parse((await store.getMeta(`witness.logs.${name}`)) ?? '[]') as string[]) {
    const v = parseVerifierKey(vkey);
    logs.set(v.name, [...(logs.get(v.name) ?? []), v]);
  }
  const signer = cosignatureSigner(name, ed25519FromSeed(key.privateSeed!), () => systemClock.now() / 1000);
  const witness = new Witness({ signer, logs, store, clock: systemClock });
  return {
    witness,
    vkey: formatVerifierKey({ name, algorithm: ALG_COSIGNATURE_V1, publicKey: key.publicKey }),
  };
}

const witnessOptions = (c: Command): Command =>
  c.addOption(dbOption()).requiredOption('--name <name>', 'witness key name, e.g. witness.acme.example/w1');

/** Registers the command (typed as `RegisterCommand`; not imported from index.ts to avoid an import cycle). */
export const register = (program: Command, ctx: CliContext): void => {
  const w = program.command('witness').description("a partner's witness that cosigns consistent checkpoints");

  witnessOptions(
    w.command('init').description('create the witness key (cosignature/v1) and print its verifier key'),
  )
    .addOption(jsonOption())
    .action(
      action(ctx, async (o: { db?: string; name: string; json?: boolean }) => {
        if (!isValidKeyName(o.name))
          throw new XinzhiError('BAD_INPUT', `witness name '${o.name}' has '+' or whitespace`, {
            field: 'name',
          });
        const { store, close } = await openStore(o.db);
        try {
          if (!(await store.keysOf(o.name)).some((k) => k.kind === 'witness')) {
            const k = ed25519Generate();
            await store.putKey({
              owner: o.name,
              keyId: noteKeyId(o.name, ALG_COSIGNATURE_V1, k.publicKey).toString('hex'),
              kind: 'witness',
              name: o.name,
              algorithm: ALG_COSIGNATURE_V1,
              publicKey: k.publicKey,
              privateSeed: k.seed,
              validFrom: systemClock.now(),
              validUntil: null,
            });
          }
          const { vkey } = await loadWitness(store, o.name);
          if (o.json) printJson(ctx, { name: o.name, public_key: vkey });
          else ctx.stdout(vkey);
        } finally {
          await close();
        }
      }),
    );

  witnessOptions(
    w.command('add-log <logKey>').description('trust a log (its verifier key, as `ledger prove` prints)'),
  ).action(
    action(ctx, async (logKey: string, o: { db?: string; name: string }) => {
      parseVerifierKey(logKey);
      const { store, close } = await openStore(o.db);
      try {
        const key = `witness.logs.${o.name}`;
        const list = new Set(JSON.parse((await store.getMeta(key)) ?? '[]') as string[]);
        list.add(logKey.trim());
        await store.setMeta(key, JSON.stringify([...list]));
        ctx.stdout(`${o.name} now witnesses ${[...list].map((k) => k.split('+')[0]).join(', ')}`);
      } finally {
        await close();
      }
    }),
  );

  witnessOptions(
    w
      .command('cosign <request>')
      .description('answer one add-checkpoint request file offline (prints the cosignature line)'),
  ).action(
    action(ctx, async (file: string, o: { db?: string; name: string }) => {
      const { store, close } = await openStore(o.db);
      try {
        const { witness } = await loadWitness(store, o.name);
        const req = parseAddCheckpointBody(readFileSync(file, 'utf8'));
        if ('error' in req) throw new XinzhiError('BAD_INPUT', req.error, { field: 'request' });
        const res = await witness.addCheckpoint(req);
        if (res.status === 200) ctx.stdout(res.cosignature);
        else {
          ctx.stderr(`refused (${res.status}): ${res.message}`);
          process.exitCode = res.status === 409 ? 5 : 1;
        }
      } finally {
        await close();
      }
    }),
  );

  witnessOptions(w.command('serve').description('serve the tlog-witness HTTP API: POST /add-checkpoint'))
    .option('--port <n>', 'port', (v) => Number(v), 7380)
    .option('--host <host>', 'interface', '127.0.0.1')
    .action(
      action(ctx, async (o: { db?: string; name: string; port: number; host: string }) => {
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
};
