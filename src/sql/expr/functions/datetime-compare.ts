// Comparison operators, btree *_cmp functions and larger/smaller for date, time, timestamp,
// timestamptz and interval, and the cross-type comparisons among date, timestamp and
// timestamptz (date_lt_timestamp, timestamp_ge_timestamptz, ...).
// Invariant: same-type comparisons are plain number/bigint comparisons (infinities are the
// extreme values, so they sort right); intervals compare as PostgreSQL's interval_cmp (1 month =
// 30 days). A cross-type comparison converts like PostgreSQL 15 (date -> timestamp, timestamp
// -> timestamptz in the session zone) and orders a value that overflows the target range just
// inside the matching infinity instead of failing. Requires: no null arguments (all strict).
import { intervalCompare } from '../../types/interval-math.js';
import type { Interval } from '../../types/value.js';
import { TIMESTAMP_NOBEGIN, TIMESTAMP_NOEND } from '../../types/value.js';
import type { EvalContext, FnImpl, FunctionTable } from './registry.js';
import { dateToTimestampOpt, dateToTimestamptzOpt, timestampToTimestamptzOpt, type Converted } from './datetime-support.js';

function cmpBig(x: bigint, y: bigint): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Compares a converted value with a timestamp, honouring conversion overflow. */
function cmpConverted(c: Converted, other: bigint): number {
  if (c.overflow > 0) return other === TIMESTAMP_NOEND ? -1 : 1;
  if (c.overflow < 0) return other === TIMESTAMP_NOBEGIN ? 1 : -1;
  return cmpBig(c.value, other);
}

type Cmp = (x: unknown, y: unknown, ctx: EvalContext) => number;

const dateVsTimestamp: Cmp = (x, y) => cmpConverted(dateToTimestampOpt(x as number), y as bigint);
const dateVsTimestamptz: Cmp = (x, y, ctx) => cmpConverted(dateToTimestamptzOpt(x as number, ctx.types.timeZone), y as bigint);
const timestampVsTimestamptz: Cmp = (x, y, ctx) =>
  cmpConverted(timestampToTimestamptzOpt(x as bigint, ctx.types.timeZone), y as bigint);

/** The eq..ge family and a cmp function for a cross-type comparison, both directions. */
function crossFamily(table: FunctionTable, forward: string, backward: string, cmp: Cmp): void {
  const ops: Array<[string, (c: number) => boolean]> = [
    ['eq', (c) => c === 0],
    ['ne', (c) => c !== 0],
    ['lt', (c) => c < 0],
    ['le', (c) => c <= 0],
    ['gt', (c) => c > 0],
    ['ge', (c) => c >= 0],
  ];
  // backward operators see the operands swapped: a (backward) b  ==  b (forward) a, reversed
  const flip: Record<string, string> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };
  const byName = new Map(ops);
  for (const [name, test] of ops) {
    table[`${forward.replace('%', name)}`] = (a, ctx) => test(cmp(a[0], a[1], ctx));
    const mirrored = byName.get(flip[name]!)!;
    table[`${backward.replace('%', name)}`] = (a, ctx) => mirrored(cmp(a[1], a[0], ctx));
  }
  table[forward.replace('%', 'cmp')] = (a, ctx) => cmp(a[0], a[1], ctx);
  table[backward.replace('%', 'cmp')] = (a, ctx) => -cmp(a[1], a[0], ctx);
}

// date and time values order like JS numbers / bigints
const lt: FnImpl = (a) => (a[0] as number) < (a[1] as number);
const le: FnImpl = (a) => (a[0] as number) <= (a[1] as number);
const gt: FnImpl = (a) => (a[0] as number) > (a[1] as number);
const ge: FnImpl = (a) => (a[0] as number) >= (a[1] as number);
const eq: FnImpl = (a) => a[0] === a[1];
const ne: FnImpl = (a) => a[0] !== a[1];
const cmp: FnImpl = (a) => ((a[0] as number) < (a[1] as number) ? -1 : (a[0] as number) > (a[1] as number) ? 1 : 0);
const larger: FnImpl = (a) => ((a[0] as number) > (a[1] as number) ? a[0] : a[1]);
const smaller: FnImpl = (a) => ((a[0] as number) < (a[1] as number) ? a[0] : a[1]);

function icmp(a: unknown[]): number {
  return intervalCompare(a[0] as Interval, a[1] as Interval);
}

function build(): FunctionTable {
  const table: FunctionTable = {};
  for (const t of ['date', 'time', 'timestamp']) {
    Object.assign(table, {
      [t + '_eq']: eq,
      [t + '_ne']: ne,
      [t + '_lt']: lt,
      [t + '_le']: le,
      [t + '_gt']: gt,
      [t + '_ge']: ge,
      [t + '_cmp']: cmp,
      [t + '_larger']: larger,
      [t + '_smaller']: smaller,
    });
  }
  Object.assign(table, {
    interval_eq: (a) => icmp(a) === 0,
    interval_ne: (a) => icmp(a) !== 0,
    interval_lt: (a) => icmp(a) < 0,
    interval_le: (a) => icmp(a) <= 0,
    interval_gt: (a) => icmp(a) > 0,
    interval_ge: (a) => icmp(a) >= 0,
    interval_cmp: (a) => icmp(a),
    interval_larger: (a) => (icmp(a) > 0 ? a[0] : a[1]),
    interval_smaller: (a) => (icmp(a) < 0 ? a[0] : a[1]),
  } satisfies FunctionTable);
  crossFamily(table, 'date_%_timestamp', 'timestamp_%_date', dateVsTimestamp);
  crossFamily(table, 'date_%_timestamptz', 'timestamptz_%_date', dateVsTimestamptz);
  crossFamily(table, 'timestamp_%_timestamptz', 'timestamptz_%_timestamp', timestampVsTimestamptz);
  return table;
}

export const datetimeCompareFunctions: FunctionTable = build();
