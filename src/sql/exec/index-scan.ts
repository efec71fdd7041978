// Reads a table through key ranges (plan/index-paths.ts): the bound values are computed when
// the scan opens, converted to the key column's type, encoded, and turned into B+tree cursor
// bounds — of the table's own tree (primary key) or of an index, whose entries lead to the
// rows by primary key. A NULL bound matches nothing; integer bounds beyond the column type's
// range widen or empty the range instead of failing.
import { compileExpr, type RowFn, type RuntimeContext } from '../expr/compile.js';
import type { PlanNode } from '../plan/nodes.js';
import type { IndexPath } from '../plan/index-paths.js';
import type { TableShape } from '../../txn/table-access.js';
import type { KeyColumn } from '../../storage/encoding/key.js';
import { encodeKey, prefixSuccessor } from '../../storage/encoding/key.js';
import type { CursorOptions } from '../../storage/cursor.js';
import { Oid } from '../types/oids.js';
import type { Value } from '../types/value.js';
import type { CompiledPlan, Row } from './run-plan.js';

const EMPTY_ROW: readonly Value[] = [];

const LIMITS: Record<number, [bigint, bigint]> = {
  [Oid.int2]: [-32768n, 32767n],
  [Oid.int4]: [-2147483648n, 2147483647n],
  [Oid.int8]: [-(2n ** 63n), 2n ** 63n - 1n],
};

type Converted = { value: Value } | 'below' | 'above';

/** A value in the key column's representation, or where it falls outside the type's range. */
function convert(v: Value, type: number): Converted {
  const limits = LIMITS[type];
  if (!limits || (typeof v !== 'number' && typeof v !== 'bigint')) return { value: v };
  const b = BigInt(v);
  if (b < limits[0]) return 'below';
  if (b > limits[1]) return 'above';
  return { value: type === Oid.int8 ? b : Number(b) };
}

/** The cursor options of an index path's ranges, computed per execution. */
function compileRanges(path: IndexPath): (ctx: RuntimeContext) => CursorOptions[] {
  const equal = path.equal.map((e) => compileExpr(e));
  const anyOf = path.anyOf?.map((e) => compileExpr(e)) ?? null;
  const lower = path.lower ? { fn: compileExpr(path.lower.value), inclusive: path.lower.inclusive } : null;
  const upper = path.upper ? { fn: compileExpr(path.upper.value), inclusive: path.upper.inclusive } : null;
  const keys = path.keyColumns;
  return (ctx) => computeRanges(ctx, keys, equal, anyOf, lower, upper, path.reverse).map((r) => ({ ...r, reverse: path.reverse }));
}

/** The entries (storage key and row) of a table within an index path's ranges, per execution. */
export function compileIndexEntries(table: TableShape, path: IndexPath): (ctx: RuntimeContext) => IterableIterator<{ key: Buffer; row: Row }> {
  const ranges = compileRanges(path);
  const index = path.index;
  return function* (ctx) {
    const options = ranges(ctx);
    const access = ctx.table(table);
    for (const o of options) {
      if (!index) {
        yield* access.rows(o);
      } else {
        for (const key of access.indexKeys(index, o)) {
          const row = access.get(key);
          if (row) yield { key, row };
        }
      }
    }
  };
}

/**
 * The rows alone of compileIndexEntries, for scans that do not emit the keys; with `columns`,
 * a scan of the table's own tree decodes only those (the others are NULL).
 */
function compileIndexRows(table: TableShape, path: IndexPath, columns: readonly number[] | null): (ctx: RuntimeContext) => IterableIterator<Row> {
  const ranges = compileRanges(path);
  const index = path.index;
  return function* (ctx) {
    const options = ranges(ctx);
    const access = ctx.table(table);
    for (const o of options) {
      if (!index) {
        yield* access.rowValues(o, columns);
      } else {
        for (const key of access.indexKeys(index, o)) {
          const row = access.get(key);
          if (row) yield row;
        }
      }
    }
  };
}

/** An index scan node; `columns`: the only columns its consumer reads (null: all). */
export function compileIndexScan(node: Extract<PlanNode, { kind: 'indexscan' }>, columns: readonly number[] | null = null): CompiledPlan {
  if (node.emitKey !== true) {
    const rows = compileIndexRows(node.table, node.path, columns);
    return (ctx) => {
      const it = rows(ctx);
      let n = 0;
      return {
        async: false,
        source: {
          next: () => {
            const r = it.next();
            if ((++n & 0xfff) === 0) ctx.checkCancel();
            return r.done ? null : r.value;
          },
        },
      };
    };
  }
  const entries = compileIndexEntries(node.table, node.path);
  return (ctx) => {
    const it = entries(ctx);
    let n = 0;
    return {
      async: false,
      source: {
        next: () => {
          const r = it.next();
          if ((++n & 0xfff) === 0) ctx.checkCancel();
          if (r.done) return null;
          return [...r.value.row, r.value.key];
        },
      },
    };
  };
}

function computeRanges(
  ctx: RuntimeContext,
  keys: KeyColumn[],
  equalFns: RowFn[],
  anyOfFns: RowFn[] | null,
  lower: { fn: RowFn; inclusive: boolean } | null,
  upper: { fn: RowFn; inclusive: boolean } | null,
  reverse: boolean,
): CursorOptions[] {
  const n = equalFns.length;
  const prefixValues: Value[] = [];
  for (let i = 0; i < n; i++) {
    const c = convert(equalFns[i]!(EMPTY_ROW, ctx), keys[i]!.type);
    if (c === 'below' || c === 'above' || c.value === null) return [];
    prefixValues.push(c.value);
  }
  const prefixColumns = keys.slice(0, n);
  const prefix = encodeKey(prefixColumns, prefixValues);
  const whole = (p: Buffer): CursorOptions => {
    const end = prefixSuccessor(p);
    return { lower: { key: p, inclusive: true }, ...(end ? { upper: { key: end, inclusive: false } } : {}) };
  };
  if (n >= keys.length || (!anyOfFns && !lower && !upper)) return [n === 0 ? {} : whole(prefix)];
  const column = keys[n]!;
  const withNext = (v: Value) => encodeKey(keys.slice(0, n + 1), [...prefixValues, v]);
  if (anyOfFns) {
    const seen = new Set<string>();
    const out: { key: Buffer; range: CursorOptions }[] = [];
    for (const f of anyOfFns) {
      const c = convert(f(EMPTY_ROW, ctx), column.type);
      if (c === 'below' || c === 'above' || c.value === null) continue;
      const key = withNext(c.value);
      const id = key.toString('latin1');
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ key, range: whole(key) });
    }
    out.sort((a, b) => Buffer.compare(a.key, b.key) * (reverse ? -1 : 1));
    return out.map((o) => o.range);
  }
  // bounds in value order; a DESC column's bytes run the other way
  let lo: CursorOptions['lower'] = n === 0 ? undefined : { key: prefix, inclusive: true };
  let hi: CursorOptions['upper'] = n === 0 ? undefined : (prefixSuccessor(prefix) ? { key: prefixSuccessor(prefix)!, inclusive: false } : undefined);
  const desc = column.descending === true;
  const apply = (bound: { fn: RowFn; inclusive: boolean }, isLower: boolean): boolean => {
    const c = convert(bound.fn(EMPTY_ROW, ctx), column.type);
    // true: the range stays (maybe unbounded on this side); false: it is empty
    if (c === 'below') return isLower; // x > (below min): no bound; x < (below min): empty
    if (c === 'above') return !isLower; // x > (above max): empty; x < (above max): no bound
    if (c.value === null) return false;
    const key = withNext(c.value);
    const after = prefixSuccessor(key);
    // a value lower bound is a byte lower bound on an ASC column, a byte upper bound on DESC
    if (isLower !== desc) {
      const start = bound.inclusive ? key : after;
      if (!start) return false;
      lo = { key: start, inclusive: true };
    } else {
      const end = bound.inclusive ? after : key;
      if (end) hi = { key: end, inclusive: false };
    }
    return true;
  };
  if (lower && !apply(lower, true)) return [];
  if (upper && !apply(upper, false)) return [];
  return [{ ...(lo ? { lower: lo } : {}), ...(hi ? { upper: hi } : {}) }];
}
