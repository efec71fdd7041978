// The merging cursor, the visible view and the compaction filter against plain models: several
// sources with overlapping keys and versions (a (key, CSN) may sit in more than one source, as a
// memtable and the SSTable it was flushed to do); every reader's view survives a compaction.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArrayLsmCursor, collectEntries, compareEntries, type LsmCursor, type LsmEntry } from '../../src/lsm/entry.js';
import { Memtable } from '../../src/lsm/memtable.js';
import { MergingCursor, VisibleCursor, compactionMerge, keepVersions } from '../../src/lsm/merge-cursor.js';

const key = fc.nat({ max: 7 }).map((n) => Buffer.from([n]));
/** The value of a (key, CSN) is a function of both, so copies in several sources agree. */
const valueOf = (k: Buffer, csn: number, tomb: boolean) => (tomb ? null : Buffer.from(`${k[0]}@${csn}`));
const version = fc.record({ key, csn: fc.integer({ min: 1, max: 30 }) });
const source = fc.array(version, { maxLength: 15 }).map((vs) => {
  const unique = new Map<string, LsmEntry>();
  // Whether a (key, CSN) is a tombstone is a function of both too.
  for (const v of vs) unique.set(`${v.key[0]}/${v.csn}`, { key: v.key, csn: v.csn, value: valueOf(v.key, v.csn, (v.key[0]! + v.csn) % 3 === 0) });
  return [...unique.values()].sort((a, b) => compareEntries(a.key, a.csn, b.key, b.csn));
});
const sources = fc.array(source, { minLength: 1, maxLength: 5 });

function union(lists: readonly (readonly LsmEntry[])[]): LsmEntry[] {
  const unique = new Map<string, LsmEntry>();
  for (const list of lists) for (const e of list) unique.set(`${e.key.toString('hex')}/${e.csn}`, e);
  return [...unique.values()].sort((a, b) => compareEntries(a.key, a.csn, b.key, b.csn));
}

/** Source i as a memtable cursor when i is even, else an array cursor. */
function cursorOf(list: readonly LsmEntry[], i: number): LsmCursor {
  if (i % 2 === 1) return new ArrayLsmCursor(list);
  const m = new Memtable();
  for (const e of list) m.put(e.key, e.csn, e.value);
  return m.freeze().cursor();
}

/** What a reader at `snapshot` sees in a list of entries: key → value. */
function visible(entries: readonly LsmEntry[], snapshot: number): [string, string][] {
  const out = new Map<string, Buffer | null>();
  for (const e of entries) if (e.csn <= snapshot && !out.has(e.key.toString('hex'))) out.set(e.key.toString('hex'), e.value);
  return [...out].filter(([, v]) => v !== null).map(([k, v]) => [k, v!.toString()]);
}

describe('MergingCursor', () => {
  it('yields the union of its sources in entry order, each (key, CSN) once, and seeks', () => {
    fc.assert(
      fc.property(sources, fc.array(fc.tuple(key, fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined })), { maxLength: 5 }), (lists, seeks) => {
        const expected = union(lists);
        expect(collectEntries(new MergingCursor(lists.map(cursorOf)))).toEqual(expected);
        const merge = new MergingCursor(lists.map(cursorOf));
        for (const [k, csn] of seeks) {
          merge.seek(k, csn);
          const rest = expected.filter((e) => compareEntries(e.key, e.csn, k, csn ?? Infinity) >= 0);
          const got: LsmEntry[] = [];
          for (; merge.valid(); merge.next()) got.push({ key: merge.key(), csn: merge.csn(), value: merge.value() });
          expect(got).toEqual(rest);
        }
        merge.close();
      }),
    );
  });
});

describe('VisibleCursor', () => {
  it('shows the newest version at or below the snapshot and hides tombstones', () => {
    fc.assert(
      fc.property(sources, fc.integer({ min: 0, max: 31 }), fc.option(key, { nil: undefined }), (lists, snapshot, seekTo) => {
        const all = union(lists);
        const view = new VisibleCursor(new MergingCursor(lists.map(cursorOf)), snapshot);
        if (seekTo) view.seek(seekTo);
        const got: [string, string][] = [];
        for (; view.valid(); view.next()) got.push([view.key().toString('hex'), view.value().toString()]);
        view.close();
        const expected = visible(all, snapshot).filter(([k]) => !seekTo || k >= seekTo.toString('hex'));
        expect(got).toEqual(expected);
      }),
    );
  });
});

describe('compaction merge', () => {
  const snapshots = fc.uniqueArray(fc.integer({ min: 1, max: 31 }), { maxLength: 4 });

  it('keeps what every live snapshot and "now" see, over whatever lies below', () => {
    fc.assert(
      fc.property(sources, snapshots, fc.boolean(), fc.array(fc.tuple(key, fc.boolean()), { maxLength: 8 }), (lists, live, bottommost, below) => {
        const input = union(lists);
        // Older data of a deeper level (CSNs below every input CSN), only when not bottommost.
        const lower = bottommost ? [] : union([below.map(([k, tomb]) => ({ key: k, csn: 0.5, value: tomb ? null : Buffer.from(`old${k[0]}`) }))]);
        const output = [...compactionMerge(new MergingCursor(lists.map(cursorOf)), { snapshots: live, bottommost })];
        expect(output).toEqual([...output].sort((a, b) => compareEntries(a.key, a.csn, b.key, b.csn)));
        for (const reader of [...live, Infinity]) expect(visible(union([output, lower]), reader)).toEqual(visible(union([input, lower]), reader));
        // Nothing is kept that no reader sees.
        for (const e of output) {
          const newer = output.filter((o) => o.key.equals(e.key) && o.csn > e.csn).map((o) => o.csn);
          const nextNewer = newer.length === 0 ? Infinity : Math.min(...newer);
          expect(nextNewer === Infinity || live.some((s) => s >= e.csn && s < nextNewer)).toBe(true);
        }
        if (bottommost) {
          // No tombstone at the bottom of its key; none at all when no snapshot is open.
          for (const e of output) if (e.value === null) expect(output.some((o) => o.key.equals(e.key) && o.csn < e.csn)).toBe(true);
          if (live.length === 0) expect(output.filter((e) => e.value === null)).toEqual([]);
        } else {
          // Every tombstone "now" sees is kept.
          for (const e of input) {
            const newest = input.find((o) => o.key.equals(e.key))!;
            if (newest === e && e.value === null) expect(output).toContainEqual(e);
          }
        }
      }),
    );
  });

  it('keeps a tombstone at the bottom while an older snapshot still needs the version under it', () => {
    const k = Buffer.from('k');
    const versions = [
      { key: k, csn: 10, value: null },
      { key: k, csn: 5, value: Buffer.from('v5') },
      { key: k, csn: 2, value: Buffer.from('v2') },
    ];
    expect(keepVersions(versions, [7], true).map((v) => v.csn)).toEqual([10, 5]);
    expect(keepVersions(versions, [], true)).toEqual([]);
    expect(keepVersions(versions, [], false).map((v) => v.csn)).toEqual([10]);
    expect(keepVersions(versions, [1, 3], false).map((v) => v.csn)).toEqual([10, 2]);
  });
});
