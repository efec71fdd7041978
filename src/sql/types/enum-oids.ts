// What type-generic code knows about user-defined enum types without a catalog at hand: which
// OIDs are enums and which are their array types. Array facts, type categories and the row
// and key encodings are static (they take a type OID and nothing else), and a registry shared
// by the process would be wrong when several clusters run in one process (tests, embedding),
// whose OIDs overlap; so the facts are carried by the OIDs themselves:
//
//   Invariant: every user-defined type has an even OID and its array type the next, odd one
//   (CREATE TYPE allocates them so, see ddl/enum-ddl.ts). Enums are the only user-defined
//   types; a new kind of user type must extend this module before it allocates OIDs.
//
// Requires: callers ask about OIDs that name a type (a column's, an expression's, a Bind
// parameter's); built-in types all lie below FIRST_NORMAL_OID, and OIDs from 2^31 up are the
// row types pg_type derives for tables and views (sql/system/catalog-objects.ts), not enums.
// Labels, names and sort orders are per database and change with ALTER TYPE: they come from
// the session's catalog through the TypeContext (see enum.ts).
import { FIRST_NORMAL_OID } from '../../catalog/objects.js';

/** Where the derived row types begin. */
const DERIVED_TYPES = 0x80000000;

function isUserTypeOid(oid: number): boolean {
  return oid >= FIRST_NORMAL_OID && oid < DERIVED_TYPES;
}

/** Whether a type OID is a user-defined enum type. */
export function isEnumType(oid: number): boolean {
  return isUserTypeOid(oid) && (oid & 1) === 0;
}

/** The enum type whose array type this is, or 0 when it is not an enum's array type. */
export function enumOfArrayType(oid: number): number {
  return isUserTypeOid(oid) && (oid & 1) === 1 ? oid - 1 : 0;
}

/** The array type of an enum type, or 0 when the type is not an enum. */
export function arrayTypeOfEnum(oid: number): number {
  return isEnumType(oid) ? oid + 1 : 0;
}

/** Whether two OIDs form a type and its array type as CREATE TYPE allocates them. */
export function isUserTypePair(oid: number, arrayOid: number): boolean {
  return isEnumType(oid) && arrayOid === oid + 1;
}
