import type { Schema } from '../../api/client.js';

/** One field as `GET /farm/field` answers: water balance, schedule, degree days and alarms. */
export type Field = Schema<'FarmField'>;
/** A day of the replayed history or of the plan. */
export type FieldDay = Field['history'][number];
