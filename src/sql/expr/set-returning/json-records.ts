// json(b)_to_record and json(b)_to_recordset with a column definition list: an object gives
// one row, an array of objects one row per object (see json-populate.ts for how a member
// becomes a column value). All rows are built before the first is returned, so a bad element
// anywhere fails the call, as PostgreSQL's materialized result does. A NULL argument gives a
// row of NULLs (to_record) or no rows (to_recordset). Without a column definition list the
// set forms fail like the scalar ones.
import { invalidParameter } from '../functions/errors.js';
import type { EvalContext } from '../functions/registry.js';
import { jsonbView, parseJsonView, populateRecord, rowTypeUnknown, type JsonView } from '../functions/json-populate.js';
import type { Jsonb } from '../../types/jsonb-value.js';
import type { Value } from '../../types/value.js';
import type { DefinedColumn, RecordSetImpl } from './record-columns.js';
import type { SetReturningTable } from './registry.js';

function toRecord(root: JsonView, columns: readonly DefinedColumn[], ctx: EvalContext): Value[][] {
  if (root.kind === 'array') throw invalidParameter('cannot call populate_composite on an array');
  if (root.kind !== 'object') throw invalidParameter('cannot call populate_composite on a scalar');
  return [populateRecord(root, columns, ctx.types)];
}

function toRecordset(fn: string, items: JsonView[], columns: readonly DefinedColumn[], ctx: EvalContext): Value[][] {
  return items.map((item) => {
    if (item.kind !== 'object') throw invalidParameter(`argument of ${fn} must be an array of objects`);
    return populateRecord(item, columns, ctx.types);
  });
}

function jsonItems(text: string): JsonView[] {
  const root = parseJsonView(text);
  if (root.kind === 'object') throw invalidParameter('cannot call json_to_recordset on an object');
  if (root.kind !== 'array') throw invalidParameter('cannot call json_to_recordset on a scalar');
  return root.items();
}

function jsonbItems(value: Jsonb): JsonView[] {
  const root = jsonbView(value.root);
  if (root.kind !== 'array') throw invalidParameter('cannot call jsonb_to_recordset on a non-array');
  return root.items();
}

const nullRow = (columns: readonly DefinedColumn[]): Value[][] => [columns.map(() => null)];

export const jsonRecordFunctions: Record<string, RecordSetImpl> = {
  json_to_record: (a, ctx, _call, columns) => (a[0] === null ? nullRow(columns) : toRecord(parseJsonView(a[0] as string), columns, ctx)),
  jsonb_to_record: (a, ctx, _call, columns) => (a[0] === null ? nullRow(columns) : toRecord(jsonbView((a[0] as Jsonb).root), columns, ctx)),
  json_to_recordset: (a, ctx, _call, columns) => (a[0] === null ? [] : toRecordset('json_to_recordset', jsonItems(a[0] as string), columns, ctx)),
  jsonb_to_recordset: (a, ctx, _call, columns) => (a[0] === null ? [] : toRecordset('jsonb_to_recordset', jsonbItems(a[0] as Jsonb), columns, ctx)),
};

/** The set forms called without a column definition list (in a select list). */
export const jsonRecordsetWithoutColumns: SetReturningTable = {
  json_to_recordset: () => {
    throw rowTypeUnknown('json_to_recordset');
  },
  jsonb_to_recordset: () => {
    throw rowTypeUnknown('jsonb_to_recordset');
  },
};
