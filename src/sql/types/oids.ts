// PostgreSQL's built-in type OIDs (from pg_type), and typmod helpers.
// Invariant: these numbers are PostgreSQL 15's; catalog/types.json holds the full rows.

export const Oid = {
  bool: 16,
  bytea: 17,
  char: 18,
  name: 19,
  int8: 20,
  int2: 21,
  int2vector: 22,
  int4: 23,
  regproc: 24,
  text: 25,
  oid: 26,
  tid: 27,
  xid: 28,
  cid: 29,
  oidvector: 30,
  json: 114,
  xml: 142,
  pg_node_tree: 194,
  float4: 700,
  float8: 701,
  unknown: 705,
  money: 790,
  inet: 869,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  timetz: 1266,
  bit: 1560,
  varbit: 1562,
  numeric: 1700,
  refcursor: 1790,
  regprocedure: 2202,
  regoper: 2203,
  regoperator: 2204,
  regclass: 2205,
  regtype: 2206,
  record: 2249,
  cstring: 2275,
  any: 2276,
  anyarray: 2277,
  void: 2278,
  trigger: 2279,
  internal: 2281,
  anyelement: 2283,
  anynonarray: 2776,
  uuid: 2950,
  anyenum: 3500,
  jsonb: 3802,
  anyrange: 3831,
  regnamespace: 4089,
  regrole: 4096,
  anymultirange: 4537,
  anycompatible: 5077,
  anycompatiblearray: 5078,
  anycompatiblenonarray: 5079,
  anycompatiblerange: 5080,
  anycompatiblemultirange: 4538,
  // arrays of the common types
  boolArray: 1000,
  byteaArray: 1001,
  int2Array: 1005,
  int4Array: 1007,
  textArray: 1009,
  varcharArray: 1015,
  int8Array: 1016,
  float4Array: 1021,
  float8Array: 1022,
  oidArray: 1028,
  numericArray: 1231,
} as const;

/** The variable-length header PostgreSQL adds to length typmods (VARHDRSZ). */
export const VARHDRSZ = 4;

/** typmod of numeric(precision, scale). */
export function numericTypmod(precision: number, scale: number): number {
  return ((precision << 16) | (scale & 0x7ff)) + VARHDRSZ;
}

/** Precision and scale of a numeric typmod, or null for unconstrained numeric. */
export function numericTypmodParts(typmod: number): { precision: number; scale: number } | null {
  if (typmod < VARHDRSZ) return null;
  const t = typmod - VARHDRSZ;
  const precision = (t >> 16) & 0xffff;
  // scale is an 11-bit signed field (PostgreSQL 15 allows negative scale)
  let scale = t & 0x7ff;
  if (scale & 0x400) scale -= 0x800;
  return { precision, scale };
}

/** Maximum length of a varchar(n)/char(n) typmod, or -1 when unconstrained. */
export function charTypmodLength(typmod: number): number {
  return typmod < VARHDRSZ ? -1 : typmod - VARHDRSZ;
}
