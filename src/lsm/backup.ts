// Online backup (DESIGN.md §7): a consistent copy of a running cluster made of the mirror, not of
// the B+tree files. It is taken at a commit boundary (in the commit queue, with every appended
// WAL record durable) and holds:
//   lsm/       hard links to the SSTables of the pinned MANIFEST version, and a MANIFEST of it;
//   wal/       the segments from that version's redoSegment on (links to the finished ones, a
//              copy of the one being written), i.e. every commit the SSTables lack;
//   catalog.kv a copy; treeline.control (redo from the mirror's segment); TREELINE_VERSION;
//   backup_label  the backup's CSN: a start on this directory builds every relation's B+tree
//              from the mirror after replaying the WAL into it, then removes the label.
// Invariant: SSTables are immutable and pinned while they are linked, so the links are the
// files the version lists; the WAL copy ends at a record boundary, so each transaction is
// wholly in the backup or wholly absent.
import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DbError, SqlState } from '../errors.js';
import type { IoEngine } from '../io/engine.js';
import { CONTROL_FILE, writeControlFile } from './control-file.js';
import { writeWholeFile as writeManifestFile } from './manifest.js';
import type { ManifestVersion } from './manifest-format.js';
import { LSM_DIR } from './mirror.js';
import { parseSegmentName, segmentName } from './wal.js';

export const BACKUP_LABEL = 'backup_label';

export interface BackupLabel {
  /** The last commit in the backup. */
  csn: number;
  takenAt: string;
}

export interface BackupSource {
  engine: IoEngine;
  dataDir: string;
  /** The pinned mirror version and its files. */
  version: ManifestVersion;
  files: readonly string[];
  /** The WAL segment being written (copied, not linked). */
  walSegment: number;
  csn: number;
}

export interface BackupSummary {
  csn: number;
  linkedFiles: number;
  copiedBytes: number;
}

function syncPath(path: string, directory = false): void {
  const fd = openSync(path, directory ? 'r' : 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Links `from` to `to`, or copies it when the two are on different file systems. */
function linkOrCopy(from: string, to: string): 'linked' | number {
  try {
    linkSync(from, to);
    return 'linked';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    copyFileSync(from, to);
    syncPath(to);
    return 0;
  }
}

/** Checks that `dir` can take a backup: absolute, and missing or empty. */
export function checkBackupTarget(dir: string): void {
  if (!dir.startsWith('/')) throw new DbError(SqlState.InvalidParameterValue, `backup directory "${dir}" must be an absolute path`);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new DbError(SqlState.DuplicateFile, `backup directory "${dir}" exists and is not empty`);
}

/** Writes the backup into `dir` (synchronously: nothing commits meanwhile). */
export function writeBackup(source: BackupSource, dir: string): BackupSummary {
  checkBackupTarget(dir);
  const summary: BackupSummary = { csn: source.csn, linkedFiles: 0, copiedBytes: 0 };
  const count = (r: 'linked' | number, bytes: number) => (r === 'linked' ? summary.linkedFiles++ : (summary.copiedBytes += bytes));
  const copy = (from: string, to: string) => {
    copyFileSync(from, to);
    syncPath(to);
    summary.copiedBytes += statSync(to).size;
  };
  for (const sub of ['', LSM_DIR, 'wal']) mkdirSync(join(dir, sub), { recursive: true, mode: 0o700 });

  const lsmFrom = join(source.dataDir, LSM_DIR);
  for (const name of source.files) count(linkOrCopy(join(lsmFrom, name), join(dir, LSM_DIR, name)), 0);
  writeManifestFile(source.engine, join(dir, LSM_DIR), source.version);

  const walFrom = join(source.dataDir, 'wal');
  const segments = readdirSync(walFrom)
    .map(parseSegmentName)
    .filter((n): n is number => n !== null && n >= source.version.redoSegment && n <= source.walSegment)
    .sort((a, b) => a - b);
  for (const n of segments) {
    const from = join(walFrom, segmentName(n));
    const to = join(dir, 'wal', segmentName(n));
    if (n < source.walSegment) count(linkOrCopy(from, to), 0);
    else {
      copy(from, to); // the segment being written: what it holds now (every record durable)
    }
  }
  copy(join(source.dataDir, 'catalog.kv'), join(dir, 'catalog.kv'));
  copy(join(source.dataDir, 'TREELINE_VERSION'), join(dir, 'TREELINE_VERSION'));
  writeControlFile(source.engine, dir, { checkpointCsn: 0, redoSegment: segments[0] ?? source.walSegment });
  const label: BackupLabel = { csn: source.csn, takenAt: new Date().toISOString() };
  writeFileSync(join(dir, BACKUP_LABEL), `${JSON.stringify(label)}\n`, { mode: 0o600 });
  syncPath(join(dir, BACKUP_LABEL));
  for (const sub of [LSM_DIR, 'wal', '']) syncPath(join(dir, sub), true);
  if (!existsSync(join(dir, CONTROL_FILE))) throw new DbError(SqlState.IoError, `backup in "${dir}" has no control file`);
  return summary;
}
