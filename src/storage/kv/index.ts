// The KV log (system catalog storage): an append-only, crash-safe key-value file loaded into
// memory at open. See kv-log.ts for the API and format.ts for the byte layout.
export { KvBatch, KvLog, type KvBatchInput, type KvLogOptions, type KvLogStats } from './kv-log.js';
export { shouldCompact, type CompactionPolicy } from './compaction.js';
