// PostgreSQL's built-in window functions (windowfuncs.c), found by their C symbol (prosrc).
// Each is opened once per partition and then asked for its value at each row in order, with
// what PostgreSQL's WindowObject API offers: the partition's size and peer groups, arguments
// evaluated at the current row or at any row of the partition, and the frame.
// Invariant: results match PostgreSQL's, including NULL arguments (lag's offset, ntile's count,
// nth_value's n give NULL) and its errors (22014 for ntile, 22016 for nth_value).
import { DbError } from '../../../errors.js';
import type { ProcRow } from '../../../catalog/builtins.js';
import type { Value } from '../../types/value.js';
import type { FrameCursor, PeerGroups } from '../window-frame.js';

/** What a window function sees of its partition while it runs. */
export interface WindowArgs {
  readonly peers: PeerGroups;
  /** Argument `i` evaluated at row `pos` of the partition. */
  arg(i: number, pos: number): Value;
  /** The frame, positioned at the current row (functions that read frames only). */
  readonly frame: FrameCursor | null;
}

/** Opened per partition; then called for rows 0, 1, 2, ... in order. */
export type WindowFunction = (w: WindowArgs) => (pos: number) => Value;

export interface WindowFunctionDef {
  open: WindowFunction;
  /** Reads the frame (the node positions a FrameCursor for it). */
  usesFrame: boolean;
}

const rowNumber: WindowFunction = () => (pos) => BigInt(pos + 1);

/** Rows before the current row's peer group, plus one. */
const rank: WindowFunction = (w) => (pos) => BigInt(groupStart(w.peers, pos) + 1);

const denseRank: WindowFunction = (w) => (pos) => BigInt((w.peers.ordered ? w.peers.groupOf[pos]! : 0) + 1);

const percentRank: WindowFunction = (w) => (pos) => {
  const n = w.peers.size;
  return n <= 1 ? 0 : groupStart(w.peers, pos) / (n - 1);
};

/** Rows up to the end of the current row's peer group, over the partition's rows. */
const cumeDist: WindowFunction = (w) => (pos) => {
  const { size, ordered, groupOf, starts } = w.peers;
  return (ordered ? starts[groupOf[pos]! + 1]! : size) / size;
};

function groupStart(peers: PeerGroups, pos: number): number {
  return peers.ordered ? peers.starts[peers.groupOf[pos]!]! : 0;
}

/** ntile(n): the bucket count is read at the first row with a non-NULL one. */
const ntile: WindowFunction = (w) => {
  let bucket = 0;
  let rowsInBucket = 0;
  let boundary = 0;
  let remainder = 0;
  return (pos) => {
    if (bucket === 0) {
      const n = w.arg(0, pos);
      if (n === null) return null;
      const buckets = n as number;
      if (buckets <= 0) throw new DbError('22014', 'argument of ntile must be greater than zero');
      const total = w.peers.size;
      bucket = 1;
      boundary = Math.floor(total / buckets);
      if (boundary <= 0) {
        boundary = 1;
      } else {
        remainder = total % buckets;
        if (remainder !== 0) boundary++;
      }
    }
    rowsInBucket++;
    if (boundary < rowsInBucket) {
      if (remainder !== 0 && bucket === remainder) {
        remainder = 0;
        boundary--;
      }
      bucket++;
      rowsInBucket = 1;
    }
    return bucket;
  };
};

/** lag / lead: the value `offset` rows back (forward), else the default (at the current row). */
function leadLag(forward: boolean, withOffset: boolean, withDefault: boolean): WindowFunction {
  return (w) => (pos) => {
    let offset = 1;
    if (withOffset) {
      const o = w.arg(1, pos);
      if (o === null) return null;
      offset = o as number;
    }
    const target = pos + (forward ? offset : -offset);
    if (target < 0 || target >= w.peers.size) return withDefault ? w.arg(2, pos) : null;
    return w.arg(0, target);
  };
}

const firstValue: WindowFunction = (w) => () => {
  const at = w.frame!.rowInFrame(0, false);
  return at < 0 ? null : w.arg(0, at);
};

const lastValue: WindowFunction = (w) => () => {
  const at = w.frame!.rowInFrame(0, true);
  return at < 0 ? null : w.arg(0, at);
};

const nthValue: WindowFunction = (w) => (pos) => {
  const n = w.arg(1, pos);
  if (n === null) return null;
  if ((n as number) <= 0) throw new DbError('22016', 'argument of nth_value must be greater than zero');
  const at = w.frame!.rowInFrame((n as number) - 1, false);
  return at < 0 ? null : w.arg(0, at);
};

const BY_SYMBOL: Record<string, WindowFunctionDef> = {
  window_row_number: { open: rowNumber, usesFrame: false },
  window_rank: { open: rank, usesFrame: false },
  window_dense_rank: { open: denseRank, usesFrame: false },
  window_percent_rank: { open: percentRank, usesFrame: false },
  window_cume_dist: { open: cumeDist, usesFrame: false },
  window_ntile: { open: ntile, usesFrame: false },
  window_lag: { open: leadLag(false, false, false), usesFrame: false },
  window_lag_with_offset: { open: leadLag(false, true, false), usesFrame: false },
  window_lag_with_offset_and_default: { open: leadLag(false, true, true), usesFrame: false },
  window_lead: { open: leadLag(true, false, false), usesFrame: false },
  window_lead_with_offset: { open: leadLag(true, true, false), usesFrame: false },
  window_lead_with_offset_and_default: { open: leadLag(true, true, true), usesFrame: false },
  window_first_value: { open: firstValue, usesFrame: true },
  window_last_value: { open: lastValue, usesFrame: true },
  window_nth_value: { open: nthValue, usesFrame: true },
};

export function hasWindowImplementation(proc: ProcRow): boolean {
  return proc.prokind === 'w' && Object.hasOwn(BY_SYMBOL, proc.prosrc);
}

/** The implementation of a built-in window function. Requires hasWindowImplementation(proc). */
export function windowFunctionDef(proc: ProcRow): WindowFunctionDef {
  return BY_SYMBOL[proc.prosrc]!;
}
