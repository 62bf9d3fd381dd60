import { pino } from 'pino';

/** The small logging surface engines depend on; pino satisfies it, tests pass `silentLogger`. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function createLogger(level: string = process.env['XINZHI_LOG_LEVEL'] ?? 'info'): Logger {
  return pino({ level, base: { app: 'xinzhi' } }, pino.destination(2));
}
