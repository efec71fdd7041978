// Comparison operators, btree comparison support (bt*cmp) and larger/smaller for the types whose
// JS values already compare in PostgreSQL's order: int2/int4/int8 in every cross-type pair,
// oid, bool (false < true), "char" (one-unit strings, unsigned byte order) and uuid (canonical
// lower-case strings, which sort like their 16 bytes). Also bool_and/bool_or transition steps.
// Invariant: bt*cmp return -1, 0 or 1. Requires: no null arguments (all are strict).
// JS compares a number with a bigint exactly (1 == 1n, 2 < 3n), which the int48/int84 family uses.
import type { Value } from '../../types/value.js';
import type { FnImpl, FunctionTable } from './registry.js';

// The casts to number only satisfy the type checker: the operands may be numbers, bigints,
// booleans or one-character strings, all of which JS orders correctly with < and >.
// loose equality compares a number and a bigint by value
const eq: FnImpl = (a) => a[0] == a[1];
const ne: FnImpl = (a) => a[0] != a[1];
const lt: FnImpl = (a) => (a[0] as number) < (a[1] as number);
const le: FnImpl = (a) => (a[0] as number) <= (a[1] as number);
const gt: FnImpl = (a) => (a[0] as number) > (a[1] as number);
const ge: FnImpl = (a) => (a[0] as number) >= (a[1] as number);
const cmp: FnImpl = (a) => {
  const x = a[0] as number;
  const y = a[1] as number;
  return x < y ? -1 : x > y ? 1 : 0;
};
const larger: FnImpl = (a) => ((a[0] as number) > (a[1] as number) ? a[0] : a[1]);
const smaller: FnImpl = (a) => ((a[0] as number) < (a[1] as number) ? a[0] : a[1]);

/** prosrc prefixes of operator families whose names end in eq, ne, lt, le, gt, ge. */
const OPERATOR_PREFIXES = ['int2', 'int24', 'int42', 'int4', 'int28', 'int48', 'int82', 'int84', 'int8', 'oid', 'bool', 'char'];
/** btree support functions, all comparing natively ordered values. */
const CMP_NAMES = [
  'btint2cmp',
  'btint24cmp',
  'btint42cmp',
  'btint4cmp',
  'btint28cmp',
  'btint48cmp',
  'btint82cmp',
  'btint84cmp',
  'btint8cmp',
  'btoidcmp',
  'btboolcmp',
  'btcharcmp',
  'uuid_cmp',
];

function build(): FunctionTable {
  const table: FunctionTable = {};
  for (const p of OPERATOR_PREFIXES) {
    Object.assign(table, { [p + 'eq']: eq, [p + 'ne']: ne, [p + 'lt']: lt, [p + 'le']: le, [p + 'gt']: gt, [p + 'ge']: ge });
  }
  Object.assign(table, { uuid_eq: eq, uuid_ne: ne, uuid_lt: lt, uuid_le: le, uuid_gt: gt, uuid_ge: ge });
  for (const name of CMP_NAMES) table[name] = cmp;
  for (const t of ['int2', 'int4', 'int8', 'oid']) {
    table[t + 'larger'] = larger;
    table[t + 'smaller'] = smaller;
  }
  return table;
}

export const compareFunctions: FunctionTable = {
  ...build(),
  booland_statefunc: (a: Value[]) => (a[0] as boolean) && (a[1] as boolean),
  boolor_statefunc: (a: Value[]) => (a[0] as boolean) || (a[1] as boolean),
};
