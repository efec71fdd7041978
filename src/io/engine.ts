// The I/O engine: every file access of Treeline's storage goes through this one interface,
// so the same code runs on io_uring (uring-engine.ts), on node:fs and on the fault-injecting
// in-memory engine that tests use to fail chosen operations and to simulate power loss.
//
// Two kinds of operations:
//   synchronous  readSync/writeSync/syncSync and the namespace calls: for the page cache's
//                miss and eviction paths, which run inside a synchronous statement;
//   asynchronous read/write/sync/submit: for the WAL, SSTables, checkpoints and compaction,
//                where batching and group commit pay off.
// Durability contract (what the fault-injecting engine enforces on a simulated power loss):
//   - written bytes are durable only after a sync of that file (sync/syncSync, or a sync op
//     in a submitted batch);
//   - a created, renamed or unlinked directory entry is durable only after syncDir of its
//     directory.
// Errors are thrown (or rejected) as IoError, carrying the operation, path and errno code.

/** An open file of one engine; only that engine may use it. */
export interface FileHandle {
  readonly path: string;
}

export type OpenMode =
  /** Read only; the file must exist. */
  | 'read'
  /** Read and write; the file must exist. */
  | 'readwrite'
  /** Read and write; created empty if missing (never truncated). */
  | 'create';

/** One operation of a batch given to `submit`. */
export type IoOp =
  | { op: 'read'; file: FileHandle; buffer: Buffer; position: number }
  | { op: 'write'; file: FileHandle; buffer: Buffer; position: number }
  | { op: 'sync'; file: FileHandle; dataOnly?: boolean };

export interface IoEngine {
  /** `node-fs`, `io_uring` or `fault-injecting`. */
  readonly name: string;

  open(path: string, mode: OpenMode): FileHandle;
  close(file: FileHandle): void;
  /** Current size in bytes. */
  size(file: FileHandle): number;
  truncateSync(file: FileHandle, length: number): void;

  /** Reads up to buffer.length bytes at position; returns the count (short only at end of file). */
  readSync(file: FileHandle, buffer: Buffer, position: number): number;
  /** Writes the whole buffer at position (extending the file if needed). */
  writeSync(file: FileHandle, buffer: Buffer, position: number): void;
  /** fsync (or fdatasync when dataOnly). */
  syncSync(file: FileHandle, dataOnly?: boolean): void;

  read(file: FileHandle, buffer: Buffer, position: number): Promise<number>;
  write(file: FileHandle, buffer: Buffer, position: number): Promise<void>;
  sync(file: FileHandle, dataOnly?: boolean): Promise<void>;
  /**
   * Runs a batch in order, as linked operations: each starts after the previous one finished,
   * and the first failure rejects the batch without running the rest. Resolves with the byte
   * counts of the reads (in order); writes and syncs contribute nothing.
   */
  submit(ops: readonly IoOp[]): Promise<number[]>;

  exists(path: string): boolean;
  /** Creates a directory (and its parents when recursive); no error if it exists. */
  mkdir(path: string, recursive?: boolean): void;
  /** Entry names of a directory, sorted. */
  readdir(path: string): string[];
  /** Atomically replaces `to` by `from` (rename(2)). */
  rename(from: string, to: string): void;
  unlink(path: string): void;
  /** Makes the directory's entries durable (fsync of the directory). */
  syncDir(path: string): void;

  /** Releases the engine's resources; open files must be closed first. */
  shutdown(): Promise<void>;
}

/** A failed I/O operation. `code` is the errno name (EIO, ENOENT, ENOSPC, ...). */
export class IoError extends Error {
  constructor(
    readonly operation: string,
    readonly path: string,
    readonly code: string,
    message?: string,
  ) {
    super(message ?? `could not ${operation} file "${path}": ${code}`);
    this.name = 'IoError';
  }
}
