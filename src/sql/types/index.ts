// The type I/O registry: typeIO(oid) gives the text and binary conversions of each built-in
// type PostgreSQL 15 has under that OID, and defaultTypeContext() the settings of a new session
// (DateStyle ISO, MDY; IntervalStyle postgres; TimeZone UTC; extra_float_digits 1; bytea hex).
// Array types (every pg_type row with an element type, int2vector and oidvector included) get
// their I/O from array-io.ts over their element type's, row types (record and composite types)
// from record.ts over their fields'; an OID with neither has no I/O yet (undefined).
import type { TypeContext, TypeIO } from './typeio.js';
import { Oid } from './oids.js';
import { boolIO } from './bool.js';
import { int2IO, int4IO, int8IO, oidIO } from './int.js';
import { float4IO, float8IO } from './float.js';
import { numericIO } from './numeric-io.js';
import { bpcharIO, charIO, nameIO, textIO, varcharIO, voidIO } from './text.js';
import { byteaIO } from './bytea.js';
import { uuidIO } from './uuid.js';
import { jsonIO } from './json.js';
import { jsonbIO } from './jsonb.js';
import { dateIO } from './date.js';
import { timeIO } from './time.js';
import { timestampIO, timestamptzIO } from './timestamp.js';
import { intervalIO } from './interval.js';
import {
  regclassIO,
  regnamespaceIO,
  regoperatorIO,
  regoperIO,
  regprocedureIO,
  regprocIO,
  regroleIO,
  regtypeIO,
} from './regtypes.js';
import { UTC_ZONE } from './timezone.js';
import { aclitemIO } from './aclitem.js';
import { inetIO } from './inet.js';
import { makeAnyarrayIO, pgLsnIO, pgNodeTreeIO, systemOnlyIO, xidIO } from './catalog-internal.js';
import { arrayTypeInfo } from './array.js';
import { makeArrayIO } from './array-io.js';
import { UNIX_TO_PG_EPOCH_DAYS } from './value.js';
import { enumTypeIO } from './enum.js';
import { isEnumType } from './enum-oids.js';
import { isRowType, makeRecordIO } from './record.js';

const REGISTRY = new Map<number, TypeIO>([
  [Oid.bool, boolIO],
  [Oid.int2, int2IO],
  [Oid.int4, int4IO],
  [Oid.int8, int8IO],
  [Oid.oid, oidIO],
  [Oid.float4, float4IO],
  [Oid.float8, float8IO],
  [Oid.numeric, numericIO],
  [Oid.text, textIO],
  [Oid.varchar, varcharIO],
  [Oid.bpchar, bpcharIO],
  [Oid.name, nameIO],
  [Oid.char, charIO],
  [Oid.bytea, byteaIO],
  [Oid.date, dateIO],
  [Oid.time, timeIO],
  [Oid.timestamp, timestampIO],
  [Oid.timestamptz, timestamptzIO],
  [Oid.interval, intervalIO],
  [Oid.uuid, uuidIO],
  [Oid.json, jsonIO],
  [Oid.jsonb, jsonbIO],
  [Oid.unknown, textIO],
  [Oid.void, voidIO],
  [Oid.cstring, textIO],
  [Oid.regtype, regtypeIO],
  [Oid.regproc, regprocIO],
  [Oid.regprocedure, regprocedureIO],
  [Oid.regoper, regoperIO],
  [Oid.regoperator, regoperatorIO],
  [Oid.regclass, regclassIO],
  [Oid.regnamespace, regnamespaceIO],
  [Oid.regrole, regroleIO],
  [1033 /* aclitem */, aclitemIO],
  [Oid.pg_node_tree, pgNodeTreeIO],
  [Oid.xid, xidIO],
  [Oid.inet, inetIO],
  [3220 /* pg_lsn */, pgLsnIO],
  [3361 /* pg_ndistinct */, systemOnlyIO('pg_ndistinct')],
  [3402 /* pg_dependencies */, systemOnlyIO('pg_dependencies')],
  [5017 /* pg_mcv_list */, systemOnlyIO('pg_mcv_list')],
]);
REGISTRY.set(Oid.anyarray, makeAnyarrayIO(typeIO));

const ARRAY_REGISTRY = new Map<number, TypeIO | null>();
const ROW_REGISTRY = new Map<number, TypeIO>();

/**
 * Text and binary I/O of a built-in type, or undefined when Treeline has none for it. A user
 * enum type's I/O reads its labels from the TypeContext it is given (enum.ts).
 */
export function typeIO(oid: number): TypeIO | undefined {
  return REGISTRY.get(oid) ?? (isEnumType(oid) ? enumTypeIO(oid) : isRowType(oid) ? rowIO(oid) : arrayIO(oid));
}

/** The I/O of a row type, built once per type. */
function rowIO(oid: number): TypeIO {
  let io = ROW_REGISTRY.get(oid);
  if (!io) ROW_REGISTRY.set(oid, (io = makeRecordIO(oid, typeIO)));
  return io;
}

/** The I/O of an array type whose element type has I/O, built once per type. */
function arrayIO(oid: number): TypeIO | undefined {
  let io = ARRAY_REGISTRY.get(oid);
  if (io === undefined) {
    const info = arrayTypeInfo(oid);
    const elem = info && typeIO(info.elementType); // int2vector[] has array elements
    io = info && elem ? makeArrayIO(info, elem) : null;
    ARRAY_REGISTRY.set(oid, io);
  }
  return io ?? undefined;
}

const UNIX_EPOCH_OFFSET_MICROS = BigInt(UNIX_TO_PG_EPOCH_DAYS) * 86_400_000_000n;

/** The current wall-clock time in microseconds since 2000-01-01 UTC. */
export function currentTimestamp(): bigint {
  const ms = Date.now();
  return BigInt(ms) * 1000n - UNIX_EPOCH_OFFSET_MICROS;
}

/** Settings of a fresh session; transactionStart is fixed at the time of the call. */
export function defaultTypeContext(): TypeContext {
  const start = currentTimestamp();
  return {
    dateStyle: 'ISO',
    dateOrder: 'MDY',
    intervalStyle: 'postgres',
    timeZone: UTC_ZONE,
    extraFloatDigits: 1,
    byteaOutput: 'hex',
    transactionStart: () => start,
  };
}

export type { TypeContext, TypeIO } from './typeio.js';
export { Numeric } from './numeric.js';
export { resolveTimeZone, fixedOffsetZone } from './timezone.js';
