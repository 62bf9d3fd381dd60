import type { Context } from 'hono';

/**
 * The peer address of the request's socket (for rate limits and the audit log), or `unknown`
 * when there is none (in-process requests in tests). Forwarded headers are not trusted: any client
 * can send them.
 */
export function clientIp(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
