// Values of user-defined enum types and their I/O (PostgreSQL's enum_in / enum_out /
// enum_recv / enum_send).
//
// Representation: an enum value is a JS number, the sort order of its label (pg_enum's
// enumsortorder). PostgreSQL stores the label's pg_enum OID and looks the sort order up to
// compare; Treeline stores the sort order itself, so comparing, sorting, grouping and the row
// and key encodings need no catalog at all (they treat the value as a float8). What makes this
// sound:
//   Invariant: within one enum type, sort orders are distinct and a label keeps its sort order
//   for as long as the type exists. ADD VALUE picks a new one between its neighbours and never
//   renumbers the others; RENAME VALUE changes only the text. So stored rows and index keys
//   stay valid through every ALTER TYPE.
// Only text and binary I/O need the labels: they come from the session's catalog through
// TypeContext.names (catalog-access.ts), as the session's transaction sees them.
import { DbError, SqlState } from '../../errors.js';
import type { EnumTypeRecord } from '../../catalog/objects.js';
import type { TypeContext, TypeIO } from './typeio.js';
import { decodeUtf8Strict } from './utf8.js';
import type { Value } from './value.js';

/** SQLSTATE 55P04 unsafe_new_enum_value_usage. */
export const UNSAFE_NEW_ENUM_VALUE_USAGE = '55P04';

export interface EnumLabel {
  /** The label's pg_enum OID. */
  readonly oid: number;
  readonly label: string;
  /** enumsortorder: the value's representation. */
  readonly sortOrder: number;
}

/** The labels of one version of an enum type, in sort order and indexed both ways. */
export class EnumLabels {
  private readonly byLabel = new Map<string, EnumLabel>();
  private readonly bySortOrder = new Map<number, EnumLabel>();

  constructor(
    readonly typeOid: number,
    /** Ascending by sortOrder. */
    readonly labels: readonly EnumLabel[],
  ) {
    for (const l of labels) {
      this.byLabel.set(l.label, l);
      this.bySortOrder.set(l.sortOrder, l);
    }
  }

  withLabel(label: string): EnumLabel | undefined {
    return this.byLabel.get(label);
  }

  /** The label a value stands for. */
  ofValue(value: number): EnumLabel | undefined {
    return this.bySortOrder.get(value);
  }
}

const indexed = new WeakMap<EnumTypeRecord, EnumLabels>();

/** The label index of a catalog record (records never change, so it is built once per record). */
export function enumLabelsOf(record: EnumTypeRecord): EnumLabels {
  let labels = indexed.get(record);
  if (!labels) {
    labels = new EnumLabels(record.oid, [...record.labels].sort((a, b) => a.sortOrder - b.sortOrder));
    indexed.set(record, labels);
  }
  return labels;
}

/** The labels of an enum type as the session sees them; 42704 when the type is gone. */
export function requireEnumLabels(ctx: TypeContext, typeOid: number): EnumLabels {
  const labels = ctx.names?.enumLabels?.(typeOid);
  if (!labels) throw new DbError(SqlState.UndefinedObject, `type with OID ${typeOid} does not exist`);
  return labels;
}

/** An enum type's name as format_type prints it, for messages. */
export function enumTypeName(ctx: TypeContext, typeOid: number): string {
  return ctx.names?.typeName(typeOid) ?? String(typeOid);
}

/**
 * PostgreSQL's check_safe_enum_use: a label added by ALTER TYPE ... ADD VALUE in the running
 * transaction cannot be used before it commits (55P04). Labels made by CREATE TYPE are safe.
 */
export function checkSafeEnumLabel(ctx: TypeContext, typeOid: number, label: EnumLabel): void {
  if (ctx.names?.enumLabelIsNew?.(label.oid)) {
    throw new DbError(UNSAFE_NEW_ENUM_VALUE_USAGE, `unsafe use of new value "${label.label}" of enum type ${enumTypeName(ctx, typeOid)}`, {
      hint: 'New enum values must be committed before they can be used.',
    });
  }
}

function enumInput(typeOid: number, text: string, ctx: TypeContext): number {
  const label = requireEnumLabels(ctx, typeOid).withLabel(text);
  if (!label) {
    throw new DbError(SqlState.InvalidTextRepresentation, `invalid input value for enum ${enumTypeName(ctx, typeOid)}: "${text}"`);
  }
  checkSafeEnumLabel(ctx, typeOid, label);
  return label.sortOrder;
}

function enumOutput(typeOid: number, value: Value, ctx: TypeContext): string {
  const label = requireEnumLabels(ctx, typeOid).ofValue(value as number);
  if (!label) throw new DbError(SqlState.InvalidBinaryRepresentation, `invalid internal value for enum: ${String(value)}`);
  return label.label;
}

const ios = new Map<number, TypeIO>();

/** The I/O of one enum type (text form and binary form are both the label). */
export function enumTypeIO(typeOid: number): TypeIO {
  let io = ios.get(typeOid);
  if (!io) {
    io = {
      input: (text, _typmod, ctx) => enumInput(typeOid, text, ctx),
      output: (value, ctx) => enumOutput(typeOid, value, ctx),
      receive: (data, _typmod, ctx) => enumInput(typeOid, decodeUtf8Strict(data), ctx),
      send: (value, ctx) => Buffer.from(enumOutput(typeOid, value, ctx), 'utf8'),
    };
    ios.set(typeOid, io);
  }
  return io;
}
