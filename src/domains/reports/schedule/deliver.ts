/**
 * Delivering a report's files: into a folder under the reports directory, to a webhook (one
 * multipart POST), or by e-mail through nodemailer's SMTP transport; each tried again after a
 * delay when it fails, every attempt counted for the delivery log.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import nodemailer from 'nodemailer';
import { XinzhiError } from '../../../core/index.js';
import type { Delivery } from './schedule-spec.js';

export interface DeliveryFile {
  readonly name: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

export interface DeliveryDeps {
  /** Root that folder deliveries are written under. */
  readonly reportsDir: string;
  /** `smtp://user:pass@host:port` (or `smtps://`); e-mail delivery fails without it. */
  readonly smtpUrl?: string | undefined;
  /** Sender of report e-mails. Default `xinzhi@localhost`. */
  readonly mailFrom?: string | undefined;
  readonly fetch?: typeof fetch;
  /** Waits before each further attempt; default 5 s, 30 s, 2 min (the last repeats). */
  readonly retryDelaysMs?: readonly number[];
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface DeliveryResult {
  readonly ok: boolean;
  readonly attempts: number;
  readonly target: string;
  readonly error: string | null;
  readonly files: readonly string[];
}

const DEFAULT_DELAYS = [5_000, 30_000, 120_000];

/** Where a delivery goes, as the log shows it (no secrets: URLs lose their credentials and query). */
export function targetOf(d: Delivery): string {
  if (d.kind === 'folder') return `folder:${d.path}`;
  if (d.kind === 'email') return `email:${d.to.join(',')}`;
  const u = new URL(d.url);
  return `webhook:${u.protocol}//${u.host}${u.pathname}`;
}

async function once(
  d: Delivery,
  files: readonly DeliveryFile[],
  deps: DeliveryDeps,
  subject: string,
): Promise<string[]> {
  if (d.kind === 'folder') {
    const root = resolve(deps.reportsDir);
    const dir = resolve(root, d.path);
    if (dir !== root && !dir.startsWith(root + sep))
      throw new XinzhiError('BAD_INPUT', `folder ${d.path} is outside the reports directory`, {
        field: 'delivery.path',
      });
    await mkdir(dir, { recursive: true });
    const out: string[] = [];
    for (const f of files) {
      const p = join(dir, f.name);
      await writeFile(p, f.bytes);
      out.push(p);
    }
    return out;
  }
  if (d.kind === 'webhook') {
    const form = new FormData();
    form.set('subject', subject);
    for (const f of files) form.append('file', new Blob([f.bytes], { type: f.contentType }), f.name);
    const res = await (deps.fetch ?? fetch)(d.url, {
      method: 'POST',
      body: form,
      redirect: 'error',
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    return files.map((f) => f.name);
  }
  if (!deps.smtpUrl) throw new Error('no SMTP server configured (XINZHI_SMTP_URL)');
  const transport = nodemailer.createTransport(deps.smtpUrl);
  try {
    await transport.sendMail({
      from: deps.mailFrom ?? 'xinzhi@localhost',
      to: d.to,
      subject: d.subject ?? subject,
      text: `${subject}\n\n${files.map((f) => f.name).join('\n')}\n`,
      attachments: files.map((f) => ({ filename: f.name, content: f.bytes, contentType: f.contentType })),
    });
  } finally {
    transport.close();
  }
  return files.map((f) => f.name);
}

/** Tries `1 + retries` times; never throws (the outcome goes to the delivery log). */
export async function deliver(
  d: Delivery,
  files: readonly DeliveryFile[],
  retries: number,
  deps: DeliveryDeps,
  subject: string,
): Promise<DeliveryResult> {
  const delays = deps.retryDelaysMs ?? DEFAULT_DELAYS;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let error = '';
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    try {
      const out = await once(d, files, deps, subject);
      return { ok: true, attempts: attempt, target: targetOf(d), error: null, files: out };
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      if (attempt <= retries) await sleep(delays[Math.min(attempt - 1, delays.length - 1)] ?? 0);
    }
  }
  return { ok: false, attempts: retries + 1, target: targetOf(d), error, files: [] };
}
