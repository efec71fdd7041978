// The leveled compaction policy: given a description of the levels, which compaction to run
// next (or none). Pure, no I/O, so it can be simulated (test/lsm/compaction-policy.test.ts);
// the mechanism that merges the files is separate.
// Levels: L0 holds flushed files whose ranges may overlap; it is compacted when it holds
// l0FileTrigger files. Each level i ≥ 1 holds non-overlapping files and aims at
// baseLevelBytes × sizeRatio^(i−1); the level with the highest score (size / target, or L0's
// files / trigger) ≥ 1 goes first. Requires: levels ≥ 1 are non-overlapping (checked).
import { compareBytes } from '../storage/compare-bytes.js';

/** What the policy needs to know of one SSTable. */
export interface FileDescription {
  id: number;
  level: number;
  /** Bytes on disk. */
  size: number;
  smallest: Buffer;
  largest: Buffer;
}

export interface CompactionPolicyOptions {
  /** Files in L0 that trigger an L0 → L1 compaction (default 4). */
  l0FileTrigger: number;
  /** Target size of L1 (default 64 MiB). */
  baseLevelBytes: number;
  /** Each level aims at this many times the size of the one above it (default 10). */
  sizeRatio: number;
  /** Deepest level (default 6): it has no target and is never an input level. */
  maxLevel: number;
}

export const DEFAULT_POLICY: CompactionPolicyOptions = { l0FileTrigger: 4, baseLevelBytes: 64 << 20, sizeRatio: 10, maxLevel: 6 };

export interface CompactionTask {
  level: number;
  outputLevel: number;
  /** Files taken from `level`. */
  inputs: FileDescription[];
  /** Files of `outputLevel` whose ranges overlap the inputs' range (merged and replaced too). */
  overlapping: FileDescription[];
  /** No deeper file overlaps the range: tombstones may be dropped (see compactionMerge). */
  bottommost: boolean;
  /** A single input with nothing to merge: the file can move to the output level as it is. */
  trivialMove: boolean;
  /** The score that chose the level. */
  score: number;
}

/** Target bytes of level ≥ 1. */
export function levelTarget(level: number, options: CompactionPolicyOptions): number {
  return options.baseLevelBytes * options.sizeRatio ** (level - 1);
}

function overlaps(f: FileDescription, smallest: Buffer, largest: Buffer): boolean {
  return compareBytes(f.largest, smallest) >= 0 && compareBytes(f.smallest, largest) <= 0;
}

function byLevel(files: readonly FileDescription[], maxLevel: number): FileDescription[][] {
  const levels: FileDescription[][] = Array.from({ length: maxLevel + 1 }, () => []);
  for (const f of files) {
    if (!Number.isInteger(f.level) || f.level < 0 || f.level > maxLevel) throw new RangeError(`file ${f.id} is at level ${f.level}, outside 0..${maxLevel}`);
    if (compareBytes(f.smallest, f.largest) > 0) throw new RangeError(`file ${f.id} has smallest > largest`);
    levels[f.level]!.push(f);
  }
  for (let level = 1; level <= maxLevel; level++) {
    const files = levels[level]!.sort((a, b) => compareBytes(a.smallest, b.smallest));
    for (let i = 1; i < files.length; i++) {
      if (compareBytes(files[i - 1]!.largest, files[i]!.smallest) >= 0) {
        throw new RangeError(`files ${files[i - 1]!.id} and ${files[i]!.id} of level ${level} overlap`);
      }
    }
  }
  return levels;
}

/** Scores of levels 0..maxLevel−1 (the deepest level has none). */
export function levelScores(files: readonly FileDescription[], options: CompactionPolicyOptions = DEFAULT_POLICY): number[] {
  const levels = byLevel(files, options.maxLevel);
  const scores = [levels[0]!.length / options.l0FileTrigger];
  for (let level = 1; level < options.maxLevel; level++) {
    const bytes = levels[level]!.reduce((n, f) => n + f.size, 0);
    scores.push(bytes / levelTarget(level, options));
  }
  return scores;
}

/** The next compaction to run over `files` (all live SSTables), or null when none is due. */
export function pickCompaction(files: readonly FileDescription[], options: CompactionPolicyOptions = DEFAULT_POLICY): CompactionTask | null {
  const levels = byLevel(files, options.maxLevel);
  const scores = levelScores(files, options);
  let level = -1;
  for (let i = 0; i < scores.length; i++) if (scores[i]! >= 1 && (level < 0 || scores[i]! > scores[level]!)) level = i;
  if (level < 0) return null;
  const outputLevel = level + 1;
  const next = levels[outputLevel]!;
  let inputs: FileDescription[];
  if (level === 0) {
    inputs = [...levels[0]!]; // L0 files overlap each other: take them all
  } else {
    // The file whose merge rewrites the fewest bytes of the next level per byte it moves down.
    let best: FileDescription | undefined;
    let bestRatio = Infinity;
    for (const f of levels[level]!) {
      const ratio = next.filter((o) => overlaps(o, f.smallest, f.largest)).reduce((n, o) => n + o.size, 0) / Math.max(1, f.size);
      if (ratio < bestRatio || (ratio === bestRatio && f.id < best!.id)) {
        best = f;
        bestRatio = ratio;
      }
    }
    inputs = [best!];
  }
  let smallest = inputs[0]!.smallest;
  let largest = inputs[0]!.largest;
  for (const f of inputs) {
    if (compareBytes(f.smallest, smallest) < 0) smallest = f.smallest;
    if (compareBytes(f.largest, largest) > 0) largest = f.largest;
  }
  const overlapping = next.filter((f) => overlaps(f, smallest, largest));
  // The merged range is the union with the overlapping files' ranges.
  for (const f of overlapping) {
    if (compareBytes(f.smallest, smallest) < 0) smallest = f.smallest;
    if (compareBytes(f.largest, largest) > 0) largest = f.largest;
  }
  let bottommost = true;
  for (let deeper = outputLevel + 1; deeper <= options.maxLevel && bottommost; deeper++) {
    if (levels[deeper]!.some((f) => overlaps(f, smallest, largest))) bottommost = false;
  }
  return {
    level,
    outputLevel,
    inputs,
    overlapping,
    bottommost,
    trivialMove: inputs.length === 1 && overlapping.length === 0,
    score: scores[level]!,
  };
}
