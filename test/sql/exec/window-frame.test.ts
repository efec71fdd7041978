// Window frames against a plain model on random partitions: for every frame mode (ROWS,
// RANGE, GROUPS), bound (UNBOUNDED, offset PRECEDING/FOLLOWING, CURRENT ROW), sort direction
// and EXCLUDE clause, an aggregate computed through FrameCursor and windowAggregate (with its
// incremental path) equals the aggregate over the rows the SQL standard puts in the frame, and
// first_value / last_value / nth_value pick the same rows whenever the frame holds the current
// row. (PostgreSQL's own answers, NULL keys and its corner cases are in the recorded cases.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameOption } from '../../../src/sql/analyze/frame-options.js';
import type { AggregateFunction } from '../../../src/sql/exec/aggregates/aggregate-function.js';
import { FrameCursor, type FrameSpec, type PeerGroups } from '../../../src/sql/exec/window-frame.js';
import { inRangeFunction } from '../../../src/sql/exec/window-functions/in-range.js';
import type { WindowArgs } from '../../../src/sql/exec/window-functions/registry.js';
import { windowAggregate } from '../../../src/sql/exec/window-functions/window-aggregate.js';
import type { EvalContext } from '../../../src/sql/expr/functions/registry.js';
import { Oid } from '../../../src/sql/types/oids.js';
import { ArrayValue, type Value } from '../../../src/sql/types/value.js';

type Mode = 'ROWS' | 'RANGE' | 'GROUPS';
type Bound = { kind: 'unbounded' } | { kind: 'current' } | { kind: 'preceding' | 'following'; offset: number };
type Exclusion = 'none' | 'current' | 'group' | 'ties';

interface Case {
  keys: number[];
  values: number[];
  ascending: boolean;
  mode: Mode;
  start: Bound;
  end: Bound;
  exclusion: Exclusion;
}

const bound = fc.oneof(
  fc.constant<Bound>({ kind: 'unbounded' }),
  fc.constant<Bound>({ kind: 'current' }),
  fc.record({ kind: fc.constantFrom<'preceding' | 'following'>('preceding', 'following'), offset: fc.integer({ min: 0, max: 4 }) }),
);

/** The frames PostgreSQL's grammar accepts (a start no later in kind than the end). */
function valid(start: Bound, end: Bound): boolean {
  const rank = (b: Bound, isStart: boolean) =>
    b.kind === 'unbounded' ? (isStart ? 0 : 4) : b.kind === 'preceding' ? 1 : b.kind === 'current' ? 2 : 3;
  const s = rank(start, true);
  const e = rank(end, false);
  if (s === 2 && e === 1) return false;
  if (s === 3 && e < 3) return false;
  return true;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    keys: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 12 }),
    ascending: fc.boolean(),
    mode: fc.constantFrom<Mode>('ROWS', 'RANGE', 'GROUPS'),
    start: bound,
    end: bound,
    exclusion: fc.constantFrom<Exclusion>('none', 'current', 'group', 'ties'),
    seed: fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 12, maxLength: 12 }),
  })
  .filter((c) => valid(c.start, c.end))
  .map((c) => {
    const keys = c.keys.slice().sort((a, b) => (c.ascending ? a - b : b - a));
    return { keys, values: keys.map((_, i) => c.seed[i]!), ascending: c.ascending, mode: c.mode, start: c.start, end: c.end, exclusion: c.exclusion };
  });

function frameOptions(c: Case): number {
  let o = FrameOption.NONDEFAULT | FrameOption.BETWEEN | FrameOption[c.mode];
  o |= { unbounded: FrameOption.START_UNBOUNDED_PRECEDING, current: FrameOption.START_CURRENT_ROW, preceding: FrameOption.START_OFFSET_PRECEDING, following: FrameOption.START_OFFSET_FOLLOWING }[c.start.kind];
  o |= { unbounded: FrameOption.END_UNBOUNDED_FOLLOWING, current: FrameOption.END_CURRENT_ROW, preceding: FrameOption.END_OFFSET_PRECEDING, following: FrameOption.END_OFFSET_FOLLOWING }[c.end.kind];
  o |= { none: 0, current: FrameOption.EXCLUDE_CURRENT_ROW, group: FrameOption.EXCLUDE_GROUP, ties: FrameOption.EXCLUDE_TIES }[c.exclusion];
  return o;
}

function peersOf(keys: number[]): PeerGroups {
  const groupOf = new Int32Array(keys.length);
  const starts = [0];
  for (let i = 1; i < keys.length; i++) {
    if (keys[i] !== keys[i - 1]) starts.push(i);
    groupOf[i] = starts.length - 1;
  }
  starts.push(keys.length);
  return { size: keys.length, ordered: true, groupOf, starts };
}

/** The rows in the frame of row c, by the standard's definition. */
function modelFrame(c: Case, peers: PeerGroups, cur: number): number[] {
  const dir = c.ascending ? 1 : -1;
  const g = (i: number) => peers.groupOf[i]!;
  // a row's distance from the current row, in the mode's unit
  const distance = (i: number) => (c.mode === 'ROWS' ? i - cur : c.mode === 'GROUPS' ? g(i) - g(cur) : (c.keys[i]! - c.keys[cur]!) * dir);
  const signed = (b: Bound) => (b.kind === 'preceding' ? -b.offset : b.kind === 'following' ? b.offset : 0);
  const out: number[] = [];
  for (let i = 0; i < c.keys.length; i++) {
    const d = distance(i);
    if (c.start.kind !== 'unbounded' && d < signed(c.start)) continue;
    if (c.end.kind !== 'unbounded' && d > signed(c.end)) continue;
    const peer = g(i) === g(cur);
    if (c.exclusion === 'current' && i === cur) continue;
    if (c.exclusion === 'group' && peer) continue;
    if (c.exclusion === 'ties' && peer && i !== cur) continue;
    out.push(i);
  }
  return out;
}

const sumAgg = (): AggregateFunction<number> => ({ init: () => 0, add: (s, a) => s + (a[0] as number), final: (s) => s });
const listAgg = (): AggregateFunction<Value[]> => ({
  init: () => [],
  add: (s, a) => {
    s.push(a[0]!);
    return s;
  },
  // like array_agg, the result wraps the running list
  final: (s) => new ArrayValue(Oid.int4, s, [s.length]),
});

function run(c: Case) {
  const peers = peersOf(c.keys);
  const spec: FrameSpec = {
    options: frameOptions(c),
    startOffset: c.mode === 'RANGE' ? (c.start as { offset?: number }).offset ?? null : BigInt((c.start as { offset?: number }).offset ?? 0),
    endOffset: c.mode === 'RANGE' ? (c.end as { offset?: number }).offset ?? null : BigInt((c.end as { offset?: number }).offset ?? 0),
    inRange: c.mode === 'RANGE' ? inRangeFunction(Oid.int4, {} as EvalContext) : null,
    ascending: c.ascending,
    nullsFirst: !c.ascending,
  };
  const frame = new FrameCursor(spec, peers, (p) => c.keys[p]!);
  const w: WindowArgs = { peers, frame, arg: (_i, p) => c.values[p]! };
  const excl = c.exclusion !== 'none';
  const sum = windowAggregate(sumAgg, (x, p) => [x.arg(0, p)], () => true, excl)(w);
  const list = windowAggregate(listAgg, (_x, p) => [p], () => true, excl)(w);
  const out = [];
  for (let pos = 0; pos < c.keys.length; pos++) {
    frame.seek(pos);
    out.push({ sum: sum(pos), list: list(pos), first: frame.rowInFrame(0, false), last: frame.rowInFrame(0, true), second: frame.rowInFrame(1, false) });
  }
  return out;
}

describe('window frames', () => {
  it('hold the rows the standard puts in them', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const peers = peersOf(c.keys);
        const results = run(c);
        results.forEach((r, cur) => {
          const rows = modelFrame(c, peers, cur);
          expect((r.list as ArrayValue).elements).toEqual(rows);
          expect(r.sum).toBe(rows.reduce((s, i) => s + c.values[i]!, 0));
          const holdsCurrent = c.start.kind !== 'following' && c.end.kind !== 'preceding';
          if (holdsCurrent) {
            expect(r.first).toBe(rows.length > 0 ? rows[0] : -1);
            expect(r.last).toBe(rows.length > 0 ? rows[rows.length - 1] : -1);
            expect(r.second).toBe(rows.length > 1 ? rows[1] : -1);
          }
        });
      }),
      { numRuns: 2000 },
    );
  });
});
