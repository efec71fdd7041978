// The B+tree package: BTree (btree.ts) is the API; the other modules are its parts — node layout,
// search, split, merge, overflow values, cursor, bulk load, check and print. Other layers import
// from here only.
export { BTree, type BTreeOptions, type InsertOptions } from './btree.js';
export type { BulkLoadOptions } from './bulk-load.js';
export type { CheckOptions, TreeStats } from './check.js';
export { MAX_KEY_SIZE, MAX_CELL } from './layout.js';
export { COMPRESS_THRESHOLD, MAX_VALUE_SIZE } from './overflow.js';
export { describePage, formatKey, type PrintOptions } from './print.js';
