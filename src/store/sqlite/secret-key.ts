/**
 * The key that encrypts secrets stored in the database (ledger signing seeds). It is kept outside
 * the database so a copied or leaked database file does not give away the signing keys: in the
 * environment (`XINZHI_SECRET_KEY`, passed in as `key`) or in a key file (default `<db>.key`,
 * created 0600 with 32 random bytes, as base64 text, the first time a secret is stored).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { type Logger, XinzhiError } from '../../core/index.js';
import { ensurePrivateFile, isDiskDatabase, tightenIfWide } from './private-file.js';

export const SECRET_KEY_BYTES = 32;
/** How users supply the key; named in every error so the fix is obvious. */
export const SECRET_KEY_HINT =
  'set XINZHI_SECRET_KEY (32 bytes, base64 or hex) or pass --secret-key-file <path>';

export interface SecretKeyOptions {
  /** The key itself, 32 bytes as 64 hex digits or base64 (what `XINZHI_SECRET_KEY` holds); wins over `file`. */
  readonly key?: string | undefined;
  /** Key file (base64, hex or 32 raw bytes); default `<db>.key`; `:memory:` databases default to a throwaway key. */
  readonly file?: string | undefined;
}

export interface SecretKeySource {
  /**
   * The key. The key file is created only when `mayCreate` (nothing in the database is encrypted
   * yet); otherwise a missing key is an error, never a fresh key that would orphan the secrets.
   */
  load(mayCreate: boolean): Buffer;
  /** Where the key comes from, for messages. */
  readonly where: string;
}

const secretError = (message: string, cause?: unknown): XinzhiError =>
  new XinzhiError('BAD_INPUT', `${message}; ${SECRET_KEY_HINT}`, {
    field: 'secretKey',
    ...(cause === undefined ? {} : { cause }),
  });

/** Decodes a 32-byte key from hex or base64 text, or takes 32 raw bytes. */
export function parseSecretKey(raw: string | Buffer, where: string): Buffer {
  const text = (typeof raw === 'string' ? raw : raw.toString('latin1')).trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const b = Buffer.from(text, 'base64');
    if (b.length === SECRET_KEY_BYTES) return b;
  }
  if (Buffer.isBuffer(raw) && raw.length === SECRET_KEY_BYTES) return Buffer.from(raw);
  throw secretError(`${where} is not a ${SECRET_KEY_BYTES}-byte key (64 hex digits or base64)`);
}

/** The key source for the database at `dbPath` (see the module comment for the defaults). */
export function secretKeySource(
  dbPath: string,
  options: SecretKeyOptions,
  logger: Pick<Logger, 'warn'>,
): SecretKeySource {
  if (options.key !== undefined && options.key.trim() !== '') {
    const key = parseSecretKey(options.key, 'the secret key (XINZHI_SECRET_KEY)');
    return { where: 'the secret key given (XINZHI_SECRET_KEY)', load: () => key };
  }
  const file = options.file ?? (isDiskDatabase(dbPath) ? `${dbPath}.key` : undefined);
  if (file === undefined) {
    // An in-memory database dies with the process, and so may its key.
    const key = randomBytes(SECRET_KEY_BYTES);
    return { where: 'a throwaway in-memory key', load: () => key };
  }
  let cached: Buffer | undefined;
  return {
    where: `the key file ${file}`,
    load(mayCreate) {
      if (cached) return cached;
      if (mayCreate && ensurePrivateFile(file, logger)) {
        writeFileSync(file, `${randomBytes(SECRET_KEY_BYTES).toString('base64')}\n`, { mode: 0o600 });
      }
      let content: Buffer;
      try {
        content = readFileSync(file);
      } catch (e) {
        const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
        throw secretError(
          missing
            ? `the database holds encrypted ledger keys but the key file ${file} does not exist`
            : `cannot read the key file ${file}: ${(e as Error).message}`,
          e,
        );
      }
      tightenIfWide(file, logger);
      cached = parseSecretKey(content, `the key file ${file}`);
      return cached;
    },
  };
}
