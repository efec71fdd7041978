// The LSM mirror (DESIGN.md §7): every committed change of every relation file, in a memtable
// fed at commit and in immutable SSTables under `lsm/`, listed by the MANIFEST. A full memtable
// is frozen and flushed in the background; leveled compaction (policy in compaction-policy.ts,
// mechanism in compaction.ts) runs after flushes, throttled by a rate limiter. SSTables are
// built in worker threads (sstable-thread.ts): one for flushes and intakes, one for compactions.
// Invariants:
// - memtables are fed in CSN order, so flushing the oldest frozen memtable makes every commit
//   up to its largest CSN durable in SSTables (the MANIFEST's lastFlushedCsn), and its
//   redoSegment names the WAL segment holding the first commit that is only in memtables;
// - a relation is "mirrored" from a CSN on when the MANIFEST says so: its whole content as of
//   that CSN is in SSTables (ingested) and every later commit is in SSTables, memtables or the
//   WAL from redoSegment on. Only mirrored relations can be repaired or compared;
// - a frozen memtable is flushed only after the WAL records it holds are durable, so the
//   SSTables never hold a commit the WAL lost;
// - an SSTable is deleted only after the MANIFEST edit that removed it is durable and no backup
//   holds it pinned.
import { join } from 'node:path';
import type { IoEngine } from '../io/engine.js';
import type { Logger } from '../log.js';
import { compareBytes } from '../storage/compare-bytes.js';
import type { Cursor } from '../storage/cursor.js';
import { DEFAULT_POLICY, pickCompaction, type CompactionPolicyOptions } from './compaction-policy.js';
import { defaultFileName } from './compaction.js';
import { deadEntryTest, LiveEntriesCursor } from './dropped-relations.js';
import type { LsmCursor } from './entry.js';
import { encodeInternalKey, relationBounds } from './internal-key.js';
import { Manifest } from './manifest.js';
import { relationId, type ManifestVersion, type RelationAt, type SstableMeta, type VersionEdit } from './manifest-format.js';
import { Memtable } from './memtable.js';
import { MergingCursor, VisibleCursor } from './merge-cursor.js';
import { RateLimiter } from './rate-limiter.js';
import { SstableReader } from './sstable-reader.js';
import { SstableThread } from './sstable-thread.js';
import type { SstSummary } from './sstable-writer.js';
import type { SstEntry } from './sstable-format.js';
import type { CommitRecord } from './wal-format.js';

export const LSM_DIR = 'lsm';
/** WAL segments the memtables may pin behind a checkpoint before they are flushed early. */
export const MAX_SEGMENTS_BEHIND = 16;
export const sstableName = defaultFileName;

export interface MirrorOptions {
  log: Logger;
  /** Memtable bytes at which it is frozen and flushed (default 64 MiB). */
  memtableBytes?: number;
  policy?: CompactionPolicyOptions;
  /** Compaction write rate in bytes per second (default 64 MiB/s; 0: unlimited). */
  compactionBytesPerSecond?: number;
  /** Size at which compaction cuts its output files (default 32 MiB). */
  targetFileBytes?: number;
  /** The WAL segment being written (the redo segment when no memtable holds anything). */
  walSegment: () => number;
  /** CSNs of the snapshots whose versions compaction keeps (default: none). */
  snapshots?: () => number[];
  /** After a flush: WAL segments before the new redoSegment may go (if a checkpoint passed them). */
  onFlushed?: () => void;
  /** Build SSTables in this thread rather than in worker threads (default false). */
  inlineBuilds?: boolean;
}

/** A relation whose content is taken whole into the mirror at a CSN. */
export interface IngestSource {
  dbOid: number;
  relfilenode: number;
  /** The relation's rows in key order (the B+tree's cursor); closed by ingest. */
  rows: Cursor;
}

interface Frozen {
  table: Memtable;
  segment: number;
  durable: Promise<void>;
}

export interface MirrorStats {
  flushes: number;
  flushedBytes: number;
  compactions: number;
  compactionBytesRead: number;
  compactionBytesWritten: number;
  ingestedBytes: number;
  /** Bytes of keys (with their 8-byte relation prefix) and values committed into the memtable. */
  committedBytes: number;
}

export class Mirror {
  private active = new Memtable();
  private activeSegment = -1;
  private activeDurable: Promise<void> = Promise.resolve();
  private readonly frozen: Frozen[] = [];
  private readonly readers = new Map<number, SstableReader>();
  private flushing: Promise<void> | null = null;
  private compacting: Promise<void> | null = null;
  private compactionOutputLevel = -1;
  private closing = false;
  /** abandon() was called: nothing more is written. */
  private halted = false;
  private failure: unknown = undefined;
  private pins = 0;
  private readonly obsolete: number[] = [];
  private readonly limiter: RateLimiter;
  /** Builds flushed and ingested SSTables; compactionThread runs compactions. */
  readonly flushThread: SstableThread;
  readonly compactionThread: SstableThread;
  readonly stats: MirrorStats = { flushes: 0, flushedBytes: 0, compactions: 0, compactionBytesRead: 0, compactionBytesWritten: 0, ingestedBytes: 0, committedBytes: 0 };

  private constructor(
    private readonly engine: IoEngine,
    readonly dir: string,
    private readonly manifest: Manifest,
    private readonly options: MirrorOptions,
  ) {
    const rate = options.compactionBytesPerSecond ?? 64 * 1024 * 1024;
    this.limiter = new RateLimiter({ bytesPerSecond: rate > 0 ? rate : Infinity });
    const inline = options.inlineBuilds ?? false;
    this.flushThread = new SstableThread(engine, { log: options.log, inline });
    this.compactionThread = new SstableThread(engine, {
      log: options.log,
      inline,
      rateLimiter: this.limiter,
      allocateFileNumber: () => manifest.allocateFileNumber(),
    });
  }

  /** Opens (creating) `<dataDir>/lsm`: the MANIFEST, its files; deletes files it does not list. */
  static async open(engine: IoEngine, dataDir: string, options: MirrorOptions): Promise<Mirror> {
    const dir = join(dataDir, LSM_DIR);
    if (!engine.exists(dir)) {
      engine.mkdir(dir, true);
      engine.syncDir(dataDir);
    }
    const manifest = Manifest.open(engine, dir, { onTornTail: (m) => options.log.warn(m) });
    const mirror = new Mirror(engine, dir, manifest, options);
    const live = new Set(manifest.current.levels.flat().map((f) => sstableName(f.id)));
    let removed = 0;
    for (const name of engine.readdir(dir)) {
      if (name.startsWith('MANIFEST') || live.has(name)) continue;
      engine.unlink(join(dir, name)); // an interrupted flush or compaction, or a retired file
      removed++;
    }
    if (removed > 0) {
      engine.syncDir(dir);
      options.log.info(`mirror: removed ${removed} file(s) the MANIFEST does not list`);
    }
    try {
      for (const f of manifest.current.levels.flat()) mirror.readers.set(f.id, await SstableReader.open(engine, join(dir, sstableName(f.id))));
    } catch (err) {
      for (const r of mirror.readers.values()) r.close();
      await manifest.close();
      throw err;
    }
    return mirror;
  }

  get version(): ManifestVersion {
    return this.manifest.current;
  }

  /** Every commit up to this CSN is in SSTables. */
  get lastFlushedCsn(): number {
    return this.manifest.current.lastFlushedCsn;
  }

  /** The oldest WAL segment the mirror still needs (recovery replays from there). */
  get redoSegment(): number {
    return this.manifest.current.redoSegment;
  }

  /** Whether the mirror holds the relation whole (as of `atCsn`, when given). */
  isMirrored(dbOid: number, relfilenode: number, atCsn = Infinity): boolean {
    const r = this.manifest.current.mirrored.get(relationId(dbOid, relfilenode));
    return r !== undefined && r.csn <= atCsn;
  }

  /** Background work running now (tests cut power in the middle of it). */
  get busy(): { flushing: boolean; compacting: boolean } {
    return { flushing: this.flushing !== null, compacting: this.compacting !== null };
  }

  /** Bytes held by memtables (active and frozen). */
  get memtableBytes(): number {
    return this.active.approximateBytes + this.frozen.reduce((n, f) => n + f.table.approximateBytes, 0);
  }

  /** Adds a committed transaction (in CSN order) written to WAL `segment`; `durable` settles with its WAL write. */
  add(record: CommitRecord, segment: number, durable: Promise<void>): void {
    if (record.relations.length === 0) return;
    if (this.active.entryCount === 0) this.activeSegment = segment;
    this.active.add(record);
    for (const r of record.relations) for (const e of r.entries) this.stats.committedBytes += 8 + e.key.length + (e.value?.length ?? 0);
    this.activeDurable = durable;
    if (this.active.approximateBytes >= (this.options.memtableBytes ?? 64 * 1024 * 1024)) this.freezeActive();
  }

  /** Freezes the active memtable (if it holds anything) and starts flushing it. */
  private freezeActive(): void {
    if (this.active.entryCount === 0) return;
    this.frozen.push({ table: this.active.freeze(), segment: this.activeSegment, durable: this.activeDurable });
    this.active = new Memtable();
    this.activeSegment = -1;
    this.flushing ??= this.flushLoop().finally(() => (this.flushing = null));
  }

  private async flushLoop(): Promise<void> {
    while (this.frozen.length > 0 && this.failure === undefined && !this.halted) {
      try {
        await this.flushOldest();
        // after every flush, not only once the flushes caught up: under a steady write load
        // they never do, and L0 would grow without bound
        this.startCompaction();
      } catch (err) {
        if (this.halted) return;
        this.failure = err;
        this.options.log.error('mirror: memtable flush failed; the WAL keeps the commits, the next start replays them', err);
        return;
      }
    }
    this.startCompaction();
  }

  private async flushOldest(): Promise<void> {
    const next = this.frozen[0]!;
    await next.durable;
    const id = this.manifest.allocateFileNumber();
    const dead = deadEntryTest(this.manifest.current);
    const summary = await this.flushThread.writeFile(this.dir, sstableName(id), entriesOf(new LiveEntriesCursor(next.table.cursor(), dead)));
    const after = this.frozen[1]?.segment ?? (this.active.entryCount > 0 ? this.activeSegment : this.options.walSegment());
    const edit: VersionEdit = { lastFlushedCsn: next.table.maxCsn, redoSegment: after };
    if (this.halted) return;
    if (summary.entryCount > 0) edit.added = [metaOf(id, 0, summary)];
    await this.manifest.apply(edit);
    if (summary.entryCount > 0) this.readers.set(id, await SstableReader.open(this.engine, summary.path));
    else this.retire([id]);
    this.frozen.shift();
    this.stats.flushes++;
    this.stats.flushedBytes += summary.fileSize;
    this.options.log.debug(`mirror: flushed ${summary.entryCount} entries up to CSN ${next.table.maxCsn} to ${sstableName(id)} (${summary.fileSize} bytes)`);
    this.options.onFlushed?.();
  }

  /**
   * After a checkpoint at `csn` whose WAL redo starts at `segment`: with nothing in memtables,
   * the MANIFEST's redo point moves up to it (so those WAL segments can go); with memtables
   * holding commits MAX_SEGMENTS_BEHIND segments back or more, they are flushed now. Without
   * this a quiet server would keep every segment since its last flush.
   * Requires: no commit runs meanwhile (the commit queue), so `csn` is the newest commit.
   */
  async checkpointed(csn: number, segment: number): Promise<void> {
    if (this.closing || this.failure !== undefined) return;
    const { redoSegment, lastFlushedCsn } = this.manifest.current;
    if (this.active.entryCount === 0 && this.frozen.length === 0 && this.flushing === null) {
      // every commit that reached the mirror is in SSTables; later ones start at `segment`
      if (redoSegment < segment || lastFlushedCsn < csn) await this.manifest.apply({ lastFlushedCsn: Math.max(csn, lastFlushedCsn), redoSegment: Math.max(segment, redoSegment) });
    } else if (segment - redoSegment >= MAX_SEGMENTS_BEHIND) {
      this.freezeActive();
    }
  }

  /** Flushes every memtable now (shutdown, backup, tests); resolves when they are in SSTables. */
  async flushAll(): Promise<void> {
    this.freezeActive();
    while (this.flushing) await this.flushing;
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * Takes relations whole into the mirror as of `csn` (new relation files at the commit that
   * created them; relations not yet mirrored at start) and records drops, in one MANIFEST edit.
   * Requires: no commit changes the relations while this runs (the commit queue).
   */
  async ingest(sources: readonly IngestSource[], csn: number, dropped: readonly { dbOid: number; relfilenode: number }[] = []): Promise<void> {
    const added: SstableMeta[] = [];
    const mirrored: RelationAt[] = [];
    try {
      for (const s of sources) {
        mirrored.push({ dbOid: s.dbOid, relfilenode: s.relfilenode, csn });
        const id = this.manifest.allocateFileNumber();
        const summary = await this.flushThread.writeFile(this.dir, sstableName(id), rowsOf(s, csn));
        if (summary.entryCount === 0) {
          this.engine.unlink(summary.path);
          continue;
        }
        added.push(metaOf(id, this.ingestLevel(summary.smallest, summary.largest, added), summary));
        this.stats.ingestedBytes += summary.fileSize;
      }
      if (added.length === 0 && mirrored.length === 0 && dropped.length === 0) return;
      await this.manifest.apply({ added, mirrored, dropped: dropped.map((d) => ({ ...d, csn })) });
    } catch (err) {
      for (const f of added) if (this.engine.exists(join(this.dir, sstableName(f.id)))) this.engine.unlink(join(this.dir, sstableName(f.id)));
      throw err;
    }
    for (const f of added) this.readers.set(f.id, await SstableReader.open(this.engine, join(this.dir, sstableName(f.id))));
  }

  /** The deepest level where a file of this range overlaps nothing (and no compaction writes). */
  private ingestLevel(smallest: Buffer, largest: Buffer, pending: readonly SstableMeta[]): number {
    const policy = this.options.policy ?? DEFAULT_POLICY;
    const levels = this.manifest.current.levels;
    for (let level = policy.maxLevel; level >= 1; level--) {
      if (level === this.compactionOutputLevel) continue;
      const files = [...(levels[level] ?? []), ...pending.filter((f) => f.level === level)];
      if (files.every((f) => compareBytes(f.largest, smallest) < 0 || compareBytes(f.smallest, largest) > 0)) return level;
    }
    return 0;
  }

  /** One relation's content (internal keys, in order; views) as of `atCsn` (default: newest). */
  relationRows(dbOid: number, relfilenode: number, atCsn = Infinity): VisibleCursor {
    const bounds = relationBounds(dbOid, relfilenode);
    const sources: LsmCursor[] = [this.active.cursor(bounds), ...this.frozen.map((f) => f.table.cursor(bounds))];
    for (const f of this.manifest.current.levels.flat()) {
      if (compareBytes(f.largest, bounds.lower.key) < 0) continue;
      if (bounds.upper && compareBytes(f.smallest, bounds.upper.key) >= 0) continue;
      sources.push(this.readers.get(f.id)!.cursor(bounds));
    }
    return new VisibleCursor(new LiveEntriesCursor(new MergingCursor(sources), deadEntryTest(this.manifest.current)), atCsn);
  }

  /** Rows of one relation in the mirror. */
  rowCount(dbOid: number, relfilenode: number): number {
    const c = this.relationRows(dbOid, relfilenode);
    let n = 0;
    try {
      for (; c.valid(); c.next()) n++;
    } finally {
      c.close();
    }
    return n;
  }

  /** Starts compacting in the background if the levels call for it (and it is not running). */
  startCompaction(): void {
    if (this.compacting || this.closing || this.failure !== undefined) return;
    this.compacting = this.compactLoop()
      .catch((err: unknown) => {
        if (this.halted || this.closing) return; // given up at shutdown, or a simulated crash
        this.failure = err;
        this.options.log.error('mirror: compaction failed; the mirror stops flushing until a restart', err);
      })
      .finally(() => {
        this.compacting = null;
        this.compactionOutputLevel = -1;
      });
  }

  private async compactLoop(): Promise<void> {
    const policy = this.options.policy ?? DEFAULT_POLICY;
    while (!this.closing) {
      const task = pickCompaction(this.manifest.current.levels.flat(), policy);
      if (!task) return;
      this.compactionOutputLevel = task.outputLevel;
      const result = await this.compactionThread.compact(this.dir, task, {
        readers: this.readers,
        snapshots: this.options.snapshots?.() ?? [],
        targetFileBytes: this.options.targetFileBytes,
        version: this.manifest.current,
      });
      if (this.halted) return;
      try {
        await this.manifest.apply(result.edit);
      } catch (err) {
        for (const o of result.outputs) if (this.engine.exists(o.path)) this.engine.unlink(o.path);
        throw err;
      }
      for (const f of result.edit.added ?? []) {
        if (!this.readers.has(f.id)) this.readers.set(f.id, await SstableReader.open(this.engine, join(this.dir, sstableName(f.id))));
      }
      const stillLive = new Set(this.manifest.current.levels.flat().map((f) => f.id));
      this.retire((result.edit.removed ?? []).map((r) => r.id).filter((id) => !stillLive.has(id)));
      this.options.log.debug(
        `mirror: compacted ${task.inputs.length + task.overlapping.length} file(s) of L${task.level}/L${task.outputLevel} into ${result.outputs.length} (${result.bytesRead} → ${result.bytesWritten} bytes)`,
      );
      this.stats.compactions++;
      this.stats.compactionBytesRead += result.bytesRead;
      this.stats.compactionBytesWritten += result.bytesWritten;
    }
  }

  /** Closes and deletes files no version lists (later, while a backup pins them). */
  private retire(ids: readonly number[]): void {
    for (const id of ids) {
      this.readers.get(id)?.close();
      this.readers.delete(id);
      this.obsolete.push(id);
    }
    if (this.pins === 0) this.deleteObsolete();
  }

  private deleteObsolete(): void {
    if (this.obsolete.length === 0) return;
    for (const id of this.obsolete.splice(0)) {
      const path = join(this.dir, sstableName(id));
      if (this.engine.exists(path)) this.engine.unlink(path);
    }
    this.engine.syncDir(this.dir);
  }

  /**
   * Holds the current files (none is deleted until release) and returns their names with the
   * version listing them: what a backup links.
   */
  pin(): { version: ManifestVersion; files: string[]; release: () => void } {
    this.pins++;
    let released = false;
    const version = this.manifest.current;
    return {
      version,
      files: version.levels.flat().map((f) => sstableName(f.id)),
      release: () => {
        if (released) return;
        released = true;
        if (--this.pins === 0) this.deleteObsolete();
      },
    };
  }

  /** A simulated crash (tests): background work stops at its next step and writes nothing more. */
  abandon(): void {
    this.closing = true;
    this.halted = true;
    void this.flushThread.close();
    void this.compactionThread.close();
  }

  /**
   * Gives up a compaction still running in its worker (its outputs are not in the MANIFEST, so
   * the next open deletes them), waits for flushes; then closes the files and the MANIFEST.
   */
  async close(): Promise<void> {
    this.closing = true;
    await this.compactionThread.close();
    while (this.flushing || this.compacting) await (this.flushing ?? this.compacting);
    await this.flushThread.close();
    for (const r of this.readers.values()) r.close();
    this.readers.clear();
    await this.manifest.close();
  }
}

function metaOf(id: number, level: number, s: SstSummary): SstableMeta {
  return { id, level, size: s.fileSize, smallest: s.smallest, largest: s.largest, minCsn: s.minCsn, maxCsn: s.maxCsn };
}

function* entriesOf(cursor: LsmCursor): Generator<SstEntry> {
  try {
    for (; cursor.valid(); cursor.next()) yield { key: cursor.key(), csn: cursor.csn(), value: cursor.value() };
  } finally {
    cursor.close();
  }
}

function* rowsOf(source: IngestSource, csn: number): Generator<SstEntry> {
  const c = source.rows;
  try {
    for (; c.valid(); c.next()) yield { key: encodeInternalKey(source.dbOid, source.relfilenode, c.key()), csn, value: c.value() as Buffer };
  } finally {
    c.close();
  }
}
