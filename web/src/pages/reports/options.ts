/** The report formats the server renders, in the order the pickers offer them. */
export const FORMATS = ['pdf', 'xlsx', 'csv'] as const;
/** The periods a schedule can cover. */
export const PERIODS = ['shift', 'day', 'week', 'month'] as const;
