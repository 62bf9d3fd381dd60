/** xinzhi as a library: the public surface of each layer is also available by subpath (`xinzhi/store`, …). */
export * from './core/index.js';
export type * from './store/index.js';
