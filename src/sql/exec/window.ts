// The Window node (PostgreSQL's WindowAgg over a Sort): evaluates the frame offsets when it
// starts (NULL is 22004, a negative ROWS/GROUPS offset 22013, even for no rows), reads all
// input rows with their PARTITION BY and ORDER BY keys, sorts them as PostgreSQL's Sort node
// does (pg-qsort.ts: equal rows end up in PostgreSQL's order), and then walks the
// partitions: per partition it finds the peer groups, opens each call, and for each row in turn
// positions the frames the calls read and appends the calls' values to the row.
// Arguments are evaluated lazily, at the rows a call reads (lag reads other rows, first_value
// only the frame head), and at most once per row. Pauses (PAUSE) while reading its input and
// between output rows when the time slice is used up.
import { DbError, SqlState } from '../../errors.js';
import { FRAME_END_OFFSET, FRAME_EXCLUSION, FRAME_START_OFFSET, FrameOption } from '../analyze/frame-options.js';
import { compileExpr, type RowFn, type RuntimeContext } from '../expr/compile.js';
import type { SortKey } from '../plan/nodes.js';
import type { WindowCall, WindowFrame, WindowKey, WindowNode } from '../plan/window-node.js';
import type { Value } from '../types/value.js';
import { aggregateFunction } from './aggregates/registry.js';
import { PAUSE, type CompiledPlan, type Next, type Row, type RowSource } from './run-plan.js';
import { pgQsort } from './pg-qsort.js';
import { compileSortComparator } from './sort.js';
import { FrameCursor, type FrameSpec, type PeerGroups } from './window-frame.js';
import { inRangeFunction } from './window-functions/in-range.js';
import { windowFunctionDef, type WindowArgs, type WindowFunction } from './window-functions/registry.js';
import { windowAggregate } from './window-functions/window-aggregate.js';

interface Entry {
  row: Row;
  /** Partition keys, then order keys. */
  keys: Value[];
}

/** Not yet evaluated (argument caches). */
const MISSING: unique symbol = Symbol('missing');

interface CompiledCall {
  call: WindowCall;
  /** The arguments, then (aggregates) the FILTER condition. */
  args: RowFn[];
  usesFrame: boolean;
  /** Opens the call's function for one execution. */
  open(ctx: RuntimeContext): WindowFunction;
}

function sortKeys(keys: WindowKey[], first: number): SortKey[] {
  return keys.map((k, i) => ({ index: first + i, less: k.less, descending: k.descending, nullsFirst: k.nullsFirst }));
}

function compileCall(call: WindowCall, frame: WindowFrame): CompiledCall {
  const args = call.args.map((a) => compileExpr(a));
  const filter = call.filter ? compileExpr(call.filter) : null;
  if (!call.isAgg) {
    const def = windowFunctionDef(call.proc);
    return { call, args, usesFrame: def.usesFrame, open: () => def.open };
  }
  const exclusion = (frame.options & FRAME_EXCLUSION) !== 0;
  const argsAt = (w: WindowArgs, pos: number) => args.map((_, i) => w.arg(i, pos));
  // FILTER is evaluated like an extra argument, after the real ones
  const accepts = filter ? (w: WindowArgs, pos: number) => w.arg(args.length, pos) === true : () => true;
  return {
    call,
    args: filter ? [...args, filter] : args,
    usesFrame: true,
    open: (ctx) => windowAggregate(() => aggregateFunction({ proc: call.proc, argTypes: call.argTypes, resultType: call.resultType, ctx }), argsAt, accepts, exclusion),
  };
}

/** calculate_frame_offsets: the offsets of each frame for this execution. */
function frameSpecs(frames: WindowFrame[], offsets: { start: RowFn | null; end: RowFn | null }[], order: WindowKey[], ctx: RuntimeContext): FrameSpec[] {
  return frames.map((f, i) => {
    const counted = (f.options & (FrameOption.ROWS | FrameOption.GROUPS)) !== 0;
    const evaluate = (fn: RowFn | null, which: 'starting' | 'ending'): Value => {
      if (!fn) return null;
      const v = fn([], ctx);
      if (v === null) throw new DbError(SqlState.NullValueNotAllowed, `frame ${which} offset must not be null`);
      if (counted && (v as bigint) < 0n) throw new DbError('22013', `frame ${which} offset must not be negative`);
      return v;
    };
    const startOffset = evaluate(offsets[i]!.start, 'starting');
    const endOffset = evaluate(offsets[i]!.end, 'ending');
    return {
      options: f.options,
      startOffset,
      endOffset,
      inRange: f.inRange ? inRangeFunction(f.inRange.columnType, ctx) : null,
      ascending: order.length > 0 ? !order[0]!.descending : true,
      nullsFirst: order.length > 0 ? order[0]!.nullsFirst : false,
    };
  });
}

export function compileWindow(node: WindowNode, input: CompiledPlan, requireSync: (s: ReturnType<CompiledPlan>) => RowSource): CompiledPlan {
  const keyFns = [...node.partition, ...node.order].map((k) => compileExpr(k.expr));
  const nPartition = node.partition.length;
  const sorted = keyFns.length > 0 ? compileSortComparator(sortKeys([...node.partition, ...node.order], 0)) : null;
  const samePartition = compileSortComparator(sortKeys(node.partition, 0));
  const samePeers = compileSortComparator(sortKeys(node.order, nPartition));
  const offsets = node.frames.map((f) => ({ start: f.startOffset ? compileExpr(f.startOffset) : null, end: f.endOffset ? compileExpr(f.endOffset) : null }));
  const calls = node.calls.map((c) => compileCall(c, node.frames[c.frame]!));
  // PostgreSQL tracks RANGE and GROUPS offset bounds for every row (so their errors show even
  // when no call reads the frame); other frames only for the calls that read them
  const offsetBounds = (o: number) => (o & (FrameOption.RANGE | FrameOption.GROUPS)) !== 0 && (o & (FRAME_START_OFFSET | FRAME_END_OFFSET)) !== 0;
  const framesUsed = node.frames.map((f, i) => offsetBounds(f.options) || calls.some((c) => c.usesFrame && c.call.frame === i));

  return (ctx) => {
    const src = requireSync(input(ctx));
    const functions = calls.map((c) => c.open(ctx));
    let specs: FrameSpec[] | null = null;
    const entries: Entry[] = [];
    let read = false;
    // the partition being emitted: entries [start, end), next row `pos`
    let start = 0;
    let end = 0;
    let pos = 0;
    let rowFns: ((pos: number) => Value)[] = [];
    let cursors: (FrameCursor | null)[] = [];

    const openPartition = (): void => {
      start = end;
      end = start + 1;
      const inPartition = samePartition(ctx);
      while (end < entries.length && inPartition(entries[start]!.keys, entries[end]!.keys) === 0) end++;
      const size = end - start;
      const peersEqual = samePeers(ctx);
      const groupOf = new Int32Array(size);
      const starts = [0];
      for (let i = 1; i < size; i++) {
        if (peersEqual(entries[start + i - 1]!.keys, entries[start + i]!.keys) !== 0) starts.push(i);
        groupOf[i] = starts.length - 1;
      }
      starts.push(size);
      const peers: PeerGroups = { size, ordered: node.order.length > 0, groupOf, starts };
      const base = start;
      const sortValue = (p: number) => entries[base + p]!.keys[nPartition] ?? null;
      cursors = specs!.map((spec, i) => (framesUsed[i] ? new FrameCursor(spec, peers, sortValue) : null));
      rowFns = calls.map((c, k) => {
        const cache: (Value | typeof MISSING)[][] = c.args.map(() => new Array<Value | typeof MISSING>(size).fill(MISSING));
        const w: WindowArgs = {
          peers,
          frame: cursors[c.call.frame] ?? null,
          arg: (i, p) => {
            const hit = cache[i]![p]!;
            if (hit !== MISSING) return hit;
            const v = c.args[i]!(entries[base + p]!.row, ctx);
            cache[i]![p] = v;
            return v;
          },
        };
        return functions[k]!(w);
      });
      pos = 0;
    };

    const next = (): Next => {
      if (!specs) specs = frameSpecs(node.frames, offsets, node.order, ctx);
      while (!read) {
        const row = src.next();
        if (row === PAUSE) return PAUSE;
        if (row === null) {
          if (sorted) {
            const compare = sorted(ctx);
            pgQsort(entries, (a, b) => compare(a.keys, b.keys));
          }
          read = true;
          break;
        }
        entries.push({ row, keys: keyFns.map((f) => f(row, ctx)) });
        if ((entries.length & 0x3ff) === 0) ctx.checkCancel();
      }
      if (start + pos >= end) {
        if (end >= entries.length) return null;
        openPartition();
      }
      if (ctx.yieldDue()) return PAUSE;
      for (const c of cursors) c?.seek(pos);
      const entry = entries[start + pos]!;
      const out: Row = entry.row.slice();
      for (const f of rowFns) out.push(f(pos));
      pos++;
      if ((pos & 0x3ff) === 0) ctx.checkCancel();
      return out;
    };
    return { async: false, source: { next } };
  };
}
