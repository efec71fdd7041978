// The version store against a model: random commits (puts and deletes over a few keys) applied
// to a "tree" (the newest state) with each old value recorded; at every snapshot still
// registered, point reads and a merged scan must give exactly the model's state at that CSN,
// also after pruning to the oldest registered snapshot.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedMap } from '../../src/storage/sorted-map.js';
import { MergedCursor } from '../../src/txn/merged-cursor.js';
import { SnapshotRegistry } from '../../src/txn/snapshots.js';
import { SnapshotOverlayCursor, valueAt, VersionStore } from '../../src/txn/version-store.js';
import type { Cursor } from '../../src/storage/cursor.js';

const REL = '5/16384';
const key = (k: number) => Buffer.from([k]);

/** A SortedMap<Buffer> as a Cursor (the "B+tree" of the model). */
function treeCursor(tree: SortedMap<Buffer>): Cursor {
  return tree.cursor();
}

type Op = { k: number; v: number | null };
const commit = fc.array(fc.record({ k: fc.integer({ min: 0, max: 7 }), v: fc.option(fc.integer({ min: 0, max: 99 }), { nil: null }) }), { minLength: 1, maxLength: 4 });
const step = fc.oneof(
  commit.map((ops) => ({ kind: 'commit' as const, ops })),
  fc.constant({ kind: 'snapshot' as const }),
  fc.nat(5).map((i) => ({ kind: 'release' as const, i })),
);

describe('VersionStore', () => {
  it('gives every registered snapshot the state as of its CSN', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const tree = new SortedMap<Buffer>();
        const versions = new VersionStore();
        const registry = new SnapshotRegistry();
        const history: Map<number, number>[] = [new Map()];
        const open: number[] = [];
        let csn = 0;
        for (const s of steps) {
          if (s.kind === 'commit') {
            csn++;
            const state = new Map(history[csn - 1]);
            const last = new Map<number, number | null>();
            for (const op of s.ops as Op[]) last.set(op.k, op.v);
            for (const [k, v] of last) {
              versions.record(REL, key(k), tree.get(key(k)) ?? null, csn);
              if (v === null) {
                tree.delete(key(k));
                state.delete(k);
              } else {
                tree.set(key(k), Buffer.from([v]));
                state.set(k, v);
              }
            }
            history.push(state);
            registry.advance(csn);
          } else if (s.kind === 'snapshot') {
            open.push(registry.take());
          } else if (open.length > 0) {
            registry.release(open.splice(s.i % open.length, 1)[0]!);
          }
          versions.prune(registry.horizon());
          for (const snap of [...open, registry.visible]) {
            const want = history[snap]!;
            const chains = versions.chainsOf(REL);
            for (let k = 0; k < 8; k++) {
              const old = valueAt(chains?.get(key(k)), snap);
              const got = old !== undefined ? old : (tree.get(key(k)) ?? null);
              expect(got === null ? null : got[0]).toBe(want.get(k) ?? null);
            }
            const c = chains ? new MergedCursor(treeCursor(tree), new SnapshotOverlayCursor(chains, snap, {}), {}) : treeCursor(tree);
            const seen: [number, number][] = [];
            for (; c.valid(); c.next()) seen.push([c.key()[0]!, c.value()[0]!]);
            c.close();
            expect(seen).toEqual([...want.entries()].sort((x, y) => x[0] - y[0]));
          }
        }
        // with no snapshot registered, every version goes
        for (const s of open) registry.release(s);
        versions.prune(registry.horizon());
        expect(versions.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
