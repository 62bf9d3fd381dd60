/**
 * Drops the `undefined` properties of an object. Under `exactOptionalPropertyTypes` an optional
 * field may be absent but not `undefined`, and spreading `{ x: undefined }` over defaults would
 * erase the default: inputs parsed from flags, query strings and request bodies pass through this
 * before they meet an options type. Three lines, so no dependency.
 */

/** `T` with each property optional and never `undefined`. */
export type Compact<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** A shallow copy of `o` without its `undefined` properties. @example compact({ a: 1, b: undefined }) // { a: 1 } */
export function compact<T extends object>(o: T): Compact<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Compact<T>;
}
