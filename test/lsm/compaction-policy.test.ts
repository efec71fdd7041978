// The leveled compaction policy, simulated: random flushes go through pickCompaction and a fake
// mechanism (files are sorted arrays of integer keys; a merge is a set union split into
// target-size files), checking after every step that levels ≥ 1 do not overlap and that the
// policy settles with every level near its target. Prints the write amplification.
import { describe, expect, it } from 'vitest';
import { levelScores, levelTarget, pickCompaction, type CompactionPolicyOptions, type FileDescription } from '../../src/lsm/compaction-policy.js';
import { compareBytes } from '../../src/storage/compare-bytes.js';

const ENTRY = 100; // bytes per key in a file
const keyBytes = (k: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(k);
  return b;
};

interface SimFile extends FileDescription {
  keys: number[];
}

/** A seeded xorshift, so a failure reproduces. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

function simulate(options: CompactionPolicyOptions, flushes: number, flushKeys: number, keySpace: number, targetFileKeys: number, seed: number) {
  const random = rng(seed);
  let files: SimFile[] = [];
  let nextId = 1;
  let flushed = 0;
  let written = 0;
  let compactions = 0;
  let moves = 0;
  const makeFile = (level: number, keys: number[]): SimFile => ({ id: nextId++, level, size: keys.length * ENTRY, smallest: keyBytes(keys[0]!), largest: keyBytes(keys[keys.length - 1]!), keys });

  for (let f = 0; f < flushes; f++) {
    const keys = new Set<number>();
    while (keys.size < flushKeys) keys.add(Math.floor(random() * keySpace));
    const file = makeFile(0, [...keys].sort((a, b) => a - b));
    files.push(file);
    flushed += file.size;
    written += file.size;
    for (let guard = 0; ; guard++) {
      expect(guard).toBeLessThan(1000);
      const task = pickCompaction(files, options);
      if (task === null) break;
      // The task is well formed: the inputs are in `level`, the overlapping files are exactly
      // the next level's files that meet the inputs' range.
      const lo = task.inputs.reduce((m, i) => (compareBytes(i.smallest, m) < 0 ? i.smallest : m), task.inputs[0]!.smallest);
      const hi = task.inputs.reduce((m, i) => (compareBytes(i.largest, m) > 0 ? i.largest : m), task.inputs[0]!.largest);
      const meets = (x: FileDescription) => compareBytes(x.largest, lo) >= 0 && compareBytes(x.smallest, hi) <= 0;
      expect(task.inputs.every((i) => i.level === task.level)).toBe(true);
      expect(task.overlapping.map((o) => o.id).sort()).toEqual(files.filter((x) => x.level === task.outputLevel && meets(x)).map((x) => x.id).sort());
      const gone = new Set([...task.inputs, ...task.overlapping].map((x) => x.id));
      if (task.trivialMove) {
        moves++;
        files = files.map((x) => (x.id === task.inputs[0]!.id ? { ...x, level: task.outputLevel } : x));
        continue;
      }
      compactions++;
      const merged = [...new Set([...task.inputs, ...task.overlapping].flatMap((x) => (x as SimFile).keys))].sort((a, b) => a - b);
      files = files.filter((x) => !gone.has(x.id));
      for (let at = 0; at < merged.length; at += targetFileKeys) {
        const out = makeFile(task.outputLevel, merged.slice(at, at + targetFileKeys));
        files.push(out);
        written += out.size;
      }
    }
    checkInvariants(files, options);
  }
  return { files, writeAmplification: written / flushed, compactions, moves, flushed };
}

function checkInvariants(files: readonly SimFile[], options: CompactionPolicyOptions): void {
  for (let level = 1; level <= options.maxLevel; level++) {
    const inLevel = files.filter((f) => f.level === level).sort((a, b) => compareBytes(a.smallest, b.smallest));
    for (let i = 1; i < inLevel.length; i++) expect(compareBytes(inLevel[i - 1]!.largest, inLevel[i]!.smallest)).toBeLessThan(0);
  }
  // Settled: L0 under its trigger, every level with a target at most at it.
  const scores = levelScores(files, options);
  for (const score of scores) expect(score).toBeLessThan(1);
}

describe('leveled compaction policy', () => {
  it('returns null when nothing is due and takes L0 at its file trigger', () => {
    const options: CompactionPolicyOptions = { l0FileTrigger: 4, baseLevelBytes: 1000, sizeRatio: 10, maxLevel: 3 };
    const l0 = (id: number, a: number, b: number): FileDescription => ({ id, level: 0, size: 10, smallest: keyBytes(a), largest: keyBytes(b) });
    expect(pickCompaction([], options)).toBeNull();
    expect(pickCompaction([l0(1, 0, 5), l0(2, 3, 9), l0(3, 1, 2)], options)).toBeNull();
    const l1 = (id: number, a: number, b: number): FileDescription => ({ id, level: 1, size: 10, smallest: keyBytes(a), largest: keyBytes(b) });
    const task = pickCompaction([l0(1, 0, 5), l0(2, 3, 9), l0(3, 1, 2), l0(4, 4, 4), l1(5, 8, 12), l1(6, 20, 30)], options)!;
    expect([task.level, task.outputLevel, task.inputs.length, task.overlapping.map((f) => f.id), task.bottommost]).toEqual([0, 1, 4, [5], true]);
    expect(() => pickCompaction([l1(1, 0, 5), l1(2, 5, 9)], options)).toThrow(/overlap/);
  });

  it('keeps levels non-overlapping and near their targets under random flushes', () => {
    const options: CompactionPolicyOptions = { l0FileTrigger: 4, baseLevelBytes: 400 * ENTRY, sizeRatio: 10, maxLevel: 4 };
    for (const seed of [1, 2, 3]) {
      const run = simulate(options, 400, 100, 50_000, 100, seed);
      const sizes = Array.from({ length: options.maxLevel + 1 }, (_, level) => run.files.filter((f) => f.level === level).reduce((n, f) => n + f.size, 0));
      for (let level = 1; level < options.maxLevel; level++) expect(sizes[level]).toBeLessThanOrEqual(levelTarget(level, options));
      console.log(
        `seed ${seed}: ${run.flushed / ENTRY} keys flushed, write amplification ${run.writeAmplification.toFixed(2)}, ` +
          `${run.compactions} compactions, ${run.moves} trivial moves, level bytes ${sizes.join(' / ')} ` +
          `(targets ${Array.from({ length: options.maxLevel - 1 }, (_, i) => levelTarget(i + 1, options)).join(' / ')})`,
      );
    }
  });
});
