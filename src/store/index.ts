export type * from './ledger-store.js';
export type * from './store.js';
