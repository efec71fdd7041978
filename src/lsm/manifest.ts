// The MANIFEST (`lsm/MANIFEST`): the list of live SSTables per level, as an append-only file of
// version edits (format in manifest-format.ts), replayed at open. apply(edit) appends the edit
// and fdatasyncs it through the I/O engine before the new version becomes `current`.
// Invariants: `current` = replay of the file's durable prefix; edits are applied one at a time
// in call order; after a failed write or sync every later apply is refused (the tail is in
// doubt until the next open). A torn tail (the last edit cut short, or damaged with nothing
// valid after it) is cut off at open; damage followed by a valid edit is corruption (XX001).
// A rewrite writes MANIFEST.tmp (header + one snapshot edit), syncs it, renames it over the
// MANIFEST and syncs the directory: after a crash either name resolves to a complete file.
// Requires: one Manifest per directory; nobody else writes the file.
import { join } from 'node:path';
import { DbError, SqlState } from '../errors.js';
import type { FileHandle, IoEngine } from '../io/engine.js';
import { readWholeHandle, replaceFileAtomically } from '../io/whole-file.js';
import {
  EMPTY_VERSION,
  FRAME_HEADER_SIZE,
  HEADER_SIZE,
  applyEdit,
  checkHeader,
  encodeEdit,
  encodeHeader,
  readEdit,
  snapshotEdit,
  type ManifestVersion,
  type VersionEdit,
} from './manifest-format.js';

export const MANIFEST_NAME = 'MANIFEST';

export interface ManifestOptions {
  /** Create an empty MANIFEST when there is none (default true). */
  createIfMissing?: boolean;
  /** Rewrite the file when it exceeds this size and 4× its snapshot (default 1 MiB). */
  rewriteBytes?: number;
  /** Told about a torn tail that was cut off. */
  onTornTail?: (message: string) => void;
}

function corrupt(path: string, offset: number, reason: string): DbError {
  return new DbError(SqlState.DataCorrupted, `MANIFEST "${path}" is corrupt at offset ${offset}: ${reason}`, {
    hint: 'The file was damaged after it was written; restore the LSM directory from a backup.',
  });
}

/** Replays a whole MANIFEST file: the version and the length of its valid prefix. */
export function replayManifest(buf: Buffer, path: string): { version: ManifestVersion; validLength: number; edits: number } {
  const bad = checkHeader(buf);
  if (bad !== null) throw corrupt(path, 0, bad);
  let version = EMPTY_VERSION;
  let offset = HEADER_SIZE;
  let edits = 0;
  while (offset < buf.length) {
    const read = readEdit(buf, offset);
    if (read.status === 'malformed') throw corrupt(path, offset, read.reason);
    if (read.status !== 'ok') {
      const later = validEditAfter(buf, offset);
      if (later !== undefined) throw corrupt(path, offset, `${read.status}, but a valid edit follows at offset ${later}`);
      break; // torn tail
    }
    try {
      version = applyEdit(version, read.edit);
    } catch (err) {
      throw corrupt(path, offset, `edit does not apply: ${(err as Error).message}`);
    }
    edits++;
    offset += read.size;
  }
  return { version, validLength: offset, edits };
}

/**
 * Offset of a valid edit frame after damage at `from`, if any. Each edit is synced before the
 * next is written, so a valid edit after damage proves the damaged bytes had been durable.
 */
function validEditAfter(buf: Buffer, from: number): number | undefined {
  for (let at = from + 1; at + FRAME_HEADER_SIZE < buf.length; at++) {
    const length = buf.readUInt32LE(at);
    if (length < 1 || at + FRAME_HEADER_SIZE + length > buf.length) continue;
    if (readEdit(buf, at).status === 'ok') return at;
  }
  return undefined;
}

export class Manifest {
  private queue: Promise<unknown> = Promise.resolve();
  private failed: unknown = undefined;
  private allocated: number;
  /** Completed rewrites since open. */
  rewrites = 0;
  /** The handle was closed by a failed rewrite. */
  private closed = false;

  private constructor(
    private readonly engine: IoEngine,
    private readonly dir: string,
    private file: FileHandle,
    private length: number,
    private version: ManifestVersion,
    private readonly rewriteBytes: number,
  ) {
    this.allocated = version.nextFileNumber;
  }

  /** Opens (or creates) the MANIFEST of `dir`, cutting off a torn tail. */
  static open(engine: IoEngine, dir: string, options: ManifestOptions = {}): Manifest {
    const path = join(dir, MANIFEST_NAME);
    const tmp = `${path}.tmp`;
    if (engine.exists(tmp)) engine.unlink(tmp); // an unfinished rewrite: the MANIFEST itself is whole
    if (!engine.exists(path)) {
      if (options.createIfMissing === false) throw new DbError(SqlState.UndefinedFile, `MANIFEST "${path}" does not exist`);
      writeWholeFile(engine, dir, EMPTY_VERSION);
    }
    const file = engine.open(path, 'readwrite');
    try {
      const buf = readWholeHandle(engine, file);
      const { version, validLength } = replayManifest(buf, path);
      if (validLength < buf.length) {
        options.onTornTail?.(`MANIFEST "${path}": cut off a torn tail of ${buf.length - validLength} bytes at offset ${validLength}`);
        engine.truncateSync(file, validLength);
        engine.syncSync(file, true);
      }
      return new Manifest(engine, dir, file, validLength, version, options.rewriteBytes ?? 1 << 20);
    } catch (err) {
      engine.close(file);
      throw err;
    }
  }

  /** The version as of the last durable edit. */
  get current(): ManifestVersion {
    return this.version;
  }

  /** Bytes of the file. */
  get fileSize(): number {
    return this.length;
  }

  /** A new file number, recorded by the next applied edit (an unused number is just skipped). */
  allocateFileNumber(): number {
    return this.allocated++;
  }

  /**
   * Appends `edit` and makes it durable; resolves with the new version, which is `current`
   * from then on. Rejects (and leaves `current` as it was) if the edit does not apply or I/O fails.
   */
  apply(edit: VersionEdit): Promise<ManifestVersion> {
    const run = this.queue.then(() => this.applyNow(edit));
    this.queue = run.catch(() => {});
    return run;
  }

  private async applyNow(edit: VersionEdit): Promise<ManifestVersion> {
    if (this.failed !== undefined) {
      throw new DbError(SqlState.IoError, 'the MANIFEST cannot be written after an earlier failure; restart the server', { detail: String(this.failed) });
    }
    const full = this.allocated > this.version.nextFileNumber && (edit.nextFileNumber ?? 0) < this.allocated ? { ...edit, nextFileNumber: this.allocated } : edit;
    let next: ManifestVersion;
    try {
      next = applyEdit(this.version, full);
    } catch (err) {
      throw new DbError(SqlState.InternalError, `internal error: MANIFEST edit does not apply: ${(err as Error).message}`);
    }
    const frame = encodeEdit(full);
    try {
      await this.engine.write(this.file, frame, this.length);
      await this.engine.sync(this.file, true);
    } catch (err) {
      this.failed = err;
      throw err;
    }
    this.length += frame.length;
    this.version = next;
    this.allocated = Math.max(this.allocated, next.nextFileNumber);
    if (this.length > this.rewriteBytes && this.length > 4 * (HEADER_SIZE + encodeEdit(snapshotEdit(next)).length)) this.rewrite();
    return next;
  }

  /**
   * Replaces the file by a header and one edit holding the current version. A failure leaves
   * a complete MANIFEST under the name (the old or the new file), so the edit that led here
   * stays applied; later edits are refused until the next open.
   */
  private rewrite(): void {
    try {
      this.engine.close(this.file);
      this.length = writeWholeFile(this.engine, this.dir, this.version);
      this.file = this.engine.open(join(this.dir, MANIFEST_NAME), 'readwrite');
      this.rewrites++;
    } catch (err) {
      this.failed = err;
      this.closed = true;
    }
  }

  /** Waits for edits in flight and closes the file. */
  async close(): Promise<void> {
    await this.queue;
    if (!this.closed) this.engine.close(this.file);
    this.closed = true;
  }
}

/** Writes MANIFEST.tmp holding `version`, syncs it and renames it over the MANIFEST; returns its size. */
export function writeWholeFile(engine: IoEngine, dir: string, version: ManifestVersion): number {
  const path = join(dir, MANIFEST_NAME);
  const tmp = `${path}.tmp`;
  const content = Buffer.concat([encodeHeader(), encodeEdit(snapshotEdit(version))]);
  replaceFileAtomically(engine, path, content, tmp);
  return content.length;
}
