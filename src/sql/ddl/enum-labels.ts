// The rules for enum labels (PostgreSQL's pg_enum.c): a label is at most 63 bytes, and a label
// added by ALTER TYPE ... ADD VALUE gets a sort order after the last label (last + 1), or next
// to its neighbour: halfway to the label on the other side, or one beyond it at either end.
// Invariant: sort orders never change once given (enum values are their sort orders, see
// types/enum.ts), so unlike PostgreSQL, which renumbers a type's float4 sort orders when a
// gap is used up, Treeline keeps float8 midpoints, which run out only after about 50 halvings
// of one gap; then adding there fails with 54000.
import { DbError, SqlState } from '../../errors.js';

/** NAMEDATALEN - 1. */
const MAX_LABEL_BYTES = 63;

/** 42602 for a label longer than 63 bytes. */
export function checkLabel(label: string): void {
  if (Buffer.byteLength(label, 'utf8') > MAX_LABEL_BYTES) {
    throw new DbError(SqlState.InvalidName, `invalid enum label "${label}"`, { detail: `Labels must be ${MAX_LABEL_BYTES} bytes or less.` });
  }
}

/**
 * The sort order for a new label. `sortOrders` are the existing ones, ascending; `neighbor` is
 * the index of the BEFORE/AFTER label, or null to add at the end. Returns null when no float8
 * lies strictly between the two labels it must go between.
 */
export function newLabelSortOrder(sortOrders: readonly number[], neighbor: number | null, after: boolean): number | null {
  const n = sortOrders.length;
  if (n === 0) return 1;
  const near = neighbor === null ? sortOrders[n - 1]! : sortOrders[neighbor]!;
  const other = neighbor === null ? n : after ? neighbor + 1 : neighbor - 1;
  let order: number;
  let far: number = near;
  if (other < 0) order = near - 1;
  else if (other >= n) order = near + 1;
  else {
    far = sortOrders[other]!;
    order = (near + far) / 2;
  }
  return order === near || order === far ? null : order;
}
