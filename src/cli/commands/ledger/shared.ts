/** What the `ledger` subcommands share: the ledger of the store, input files, store options. */
import { Ledger } from '../../../ledger/index.js';
import { type CliContext, printJson } from '../../context.js';
import { openStoreFromOptions } from '../../open-store.js';
import { dbOption, sharedOptions } from '../../options.js';
import { readInputFile } from '../read-input.js';

export async function withLedger<T>(
  opts: { db?: string; origin?: string; secretKeyFile?: string },
  fn: (l: Ledger) => Promise<T>,
): Promise<T> {
  const store = await openStoreFromOptions({ db: opts.db, secretKeyFile: opts.secretKeyFile });
  try {
    const ledger = await Ledger.open(
      { store: store.ledger },
      opts.origin === undefined ? {} : { origin: opts.origin },
    );
    return await fn(ledger);
  } finally {
    await store.close();
  }
}

/** The text of a file named by `field`. */
export const readText = (path: string, field: string): string => readInputFile(path, field);

export const storeOptions = sharedOptions((c) =>
  c
    .addOption(dbOption())
    .option(
      '--secret-key-file <path>',
      'key that encrypts the signing keys in the database (default $XINZHI_SECRET_KEY, else <db>.key)',
    ),
);

/** Prints an organisation's record: the JSON, or the text line. */
export const show = (ctx: CliContext, info: unknown, json: boolean, text: string): void =>
  json ? printJson(ctx, info) : ctx.stdout(text);
