/** Copies of a row list with one row replaced or removed: the plan tables never mutate the draft. */
export const replaceAt = <T>(xs: readonly T[], i: number, v: T): T[] => xs.map((x, j) => (j === i ? v : x));
export const removeAt = <T>(xs: readonly T[], i: number): T[] => xs.filter((_, j) => j !== i);
