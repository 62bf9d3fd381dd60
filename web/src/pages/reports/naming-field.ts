import { ApiError } from '../../api/client.js';

/**
 * Runs `call`; when the server refuses one field of the request (a cron expression, a time zone,
 * a date), the error's message starts with that field's name, so the form says what to correct.
 */
export async function namingField<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw e instanceof ApiError && e.field
      ? new ApiError(e.status, `${e.field}: ${e.message}`, e.code, e.field)
      : e;
  }
}
