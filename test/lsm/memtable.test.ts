// The memtable against a plain model: random commits (CSNs in any order), get at random
// snapshots, cursors with random bounds and seeks; plus internal-key order and accounting.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectEntries, compareEntries, type LsmEntry } from '../../src/lsm/entry.js';
import { decodeInternalKey, encodeInternalKey, relationBounds } from '../../src/lsm/internal-key.js';
import { Memtable, entryBytes } from '../../src/lsm/memtable.js';
import type { CommitRecord, RedoEntry } from '../../src/lsm/wal-format.js';
import { compareBytes } from '../../src/storage/compare-bytes.js';
import type { KeyBound } from '../../src/storage/cursor.js';

const rowKey = fc.uint8Array({ maxLength: 3 }).map((a) => Buffer.from(a.map((b) => b % 4)));
const value = fc.option(fc.uint8Array({ maxLength: 6 }).map((a) => Buffer.from(a)), { nil: null });
const relation = fc.record({
  relfilenode: fc.constantFrom(10, 11),
  entries: fc.array(fc.record({ key: rowKey, value }), { maxLength: 5 }),
});
const commits = fc
  .array(fc.record({ dbOid: fc.constantFrom(1, 2), catalog: fc.constant<RedoEntry[]>([]), relations: fc.array(relation, { maxLength: 3 }) }), { maxLength: 25 })
  .chain((rs) => fc.shuffledSubarray(rs.map((_, i) => i + 1), { minLength: rs.length, maxLength: rs.length }).map((csns) => rs.map((r, i): CommitRecord => ({ ...r, csn: csns[i]! }))));

/** The model: every version, the last write of a (key, CSN) winning, in entry order. */
function model(records: readonly CommitRecord[]): LsmEntry[] {
  const byVersion = new Map<string, LsmEntry>();
  for (const r of records) {
    for (const rel of r.relations) {
      for (const e of rel.entries) {
        const key = encodeInternalKey(r.dbOid, rel.relfilenode, e.key);
        byVersion.set(`${key.toString('hex')}/${r.csn}`, { key, csn: r.csn, value: e.value });
      }
    }
  }
  return [...byVersion.values()].sort((a, b) => compareEntries(a.key, a.csn, b.key, b.csn));
}

function modelGet(entries: readonly LsmEntry[], key: Buffer, snapshot: number): LsmEntry | undefined {
  return entries.find((e) => e.key.equals(key) && e.csn <= snapshot);
}

function inBound(key: Buffer, lower?: KeyBound, upper?: KeyBound): boolean {
  if (lower && (compareBytes(key, lower.key) < 0 || (!lower.inclusive && key.equals(lower.key)))) return false;
  if (upper && (compareBytes(key, upper.key) > 0 || (!upper.inclusive && key.equals(upper.key)))) return false;
  return true;
}

const internalKey = fc.tuple(fc.constantFrom(1, 2), fc.constantFrom(10, 11), rowKey).map(([d, r, k]) => encodeInternalKey(d, r, k));
const bound = fc.option(fc.record({ key: internalKey, inclusive: fc.boolean() }), { nil: undefined });

describe('internal keys', () => {
  it('order by database, relation, then key, and decode back', () => {
    const part = fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.uint8Array({ maxLength: 6 }).map((a) => Buffer.from(a)));
    fc.assert(
      fc.property(part, part, ([d1, r1, k1], [d2, r2, k2]) => {
        const a = encodeInternalKey(d1, r1, k1);
        const b = encodeInternalKey(d2, r2, k2);
        const expected = Math.sign(d1 - d2) || Math.sign(r1 - r2) || Math.sign(compareBytes(k1, k2));
        expect(Math.sign(compareBytes(a, b))).toBe(expected);
        expect(decodeInternalKey(a)).toEqual({ dbOid: d1, relfilenode: r1, key: k1 });
        const { lower, upper } = relationBounds(d1, r1);
        expect(inBound(a, lower, upper)).toBe(true);
        expect(inBound(b, lower, upper)).toBe(d1 === d2 && r1 === r2);
      }),
    );
  });
});

describe('Memtable', () => {
  it('answers get at any snapshot like the model', () => {
    fc.assert(
      fc.property(commits, fc.array(fc.tuple(internalKey, fc.nat({ max: 27 })), { maxLength: 30 }), (records, probes) => {
        const m = new Memtable();
        for (const r of records) m.add(r);
        const entries = model(records);
        expect(m.entryCount).toBe(entries.length);
        for (const e of entries) expect(m.get(e.key, e.csn)).toEqual(e);
        for (const [key, snapshot] of probes) expect(m.get(key, snapshot)).toEqual(modelGet(entries, key, snapshot));
      }),
    );
  });

  it('iterates, seeks and bounds its cursor like the model', () => {
    const seek = fc.tuple(internalKey, fc.option(fc.nat({ max: 27 }), { nil: undefined }), fc.nat({ max: 6 }));
    fc.assert(
      fc.property(commits, bound, bound, fc.array(seek, { maxLength: 6 }), (records, lower, upper, seeks) => {
        const m = new Memtable();
        for (const r of records) m.add(r);
        const entries = model(records).filter((e) => inBound(e.key, lower, upper));
        expect(collectEntries(m.cursor({ lower, upper }))).toEqual(entries);
        const cursor = m.cursor({ lower, upper });
        for (const [key, csn, steps] of seeks) {
          cursor.seek(key, csn);
          // The seek target, clamped to the lower bound.
          const clamped = lower && compareBytes(key, lower.key) < 0;
          let at = clamped
            ? entries.findIndex((e) => inBound(e.key, lower))
            : entries.findIndex((e) => compareEntries(e.key, e.csn, key, csn ?? Infinity) >= 0);
          if (at < 0) at = entries.length;
          for (let s = 0; s <= steps && at < entries.length; s++, at++) {
            expect(cursor.valid()).toBe(true);
            expect({ key: cursor.key(), csn: cursor.csn(), value: cursor.value() }).toEqual(entries[at]);
            cursor.next();
          }
          if (at >= entries.length) expect(cursor.valid()).toBe(false);
        }
        cursor.close();
      }),
    );
  });

  it('does not mirror catalog entries, counts bytes and refuses changes once frozen', () => {
    const m = new Memtable();
    const key = Buffer.from('k');
    m.add({ csn: 3, dbOid: 1, catalog: [{ key: Buffer.from('cat'), value: Buffer.from('x') }], relations: [{ relfilenode: 7, entries: [{ key, value: Buffer.from('abc') }] }] });
    m.add({ csn: 4, dbOid: 1, catalog: [], relations: [{ relfilenode: 7, entries: [{ key, value: null }] }] });
    const ik = encodeInternalKey(1, 7, key);
    expect(m.entryCount).toBe(2);
    expect(m.approximateBytes).toBe(entryBytes(ik, Buffer.from('abc')) + entryBytes(ik, null));
    expect([m.minCsn, m.maxCsn]).toEqual([3, 4]);
    expect(m.get(ik, 4)).toEqual({ key: ik, csn: 4, value: null });
    expect(m.get(ik, 3)?.value).toEqual(Buffer.from('abc'));
    expect(m.get(ik, 2)).toBeUndefined();
    m.freeze();
    expect(() => m.add({ csn: 5, dbOid: 1, catalog: [], relations: [] })).toThrow(/frozen/);
  });

  it('shows a cursor on the active memtable versions added after its position', () => {
    const m = new Memtable();
    const k = (s: string) => encodeInternalKey(1, 1, Buffer.from(s));
    m.put(k('a'), 5, Buffer.from('a5'));
    m.put(k('c'), 1, Buffer.from('c1'));
    const cursor = m.cursor();
    expect(cursor.key()).toEqual(k('a'));
    m.put(k('a'), 3, Buffer.from('a3')); // below the position: comes next
    m.put(k('b'), 2, Buffer.from('b2'));
    const seen: string[] = [];
    for (; cursor.valid(); cursor.next()) seen.push(`${decodeInternalKey(cursor.key()).key.toString()}@${cursor.csn()}`);
    expect(seen).toEqual(['a@5', 'a@3', 'b@2', 'c@1']);
  });
});
