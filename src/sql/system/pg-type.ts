// pg_catalog.pg_type: every built-in type of PostgreSQL 15 (catalog/types.json), then the
// database's enums with their array types, and the composite row type (with its array type)
// of every table and view, as PostgreSQL creates them (typrelid names the relation). The
// information_schema views, which the recorded data has no row types for, get theirs too.
import { builtins, type TypeRow } from '../../catalog/builtins.js';
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord } from '../../catalog/objects.js';
import { Oid } from '../types/oids.js';
import { BOOTSTRAP_SUPERUSER, catalogRelations, procOidByName, rowArrayTypeOf, rowTypeOf } from './catalog-objects.js';
import { defineTables, type RowValues } from './columns.js';
import { INFORMATION_SCHEMA_NAMESPACE, PG_CATALOG_NAMESPACE } from './system-table.js';

const NAMESPACES: Record<string, number> = { pg_catalog: PG_CATALOG_NAMESPACE, information_schema: INFORMATION_SCHEMA_NAMESPACE };

function subscriptHandler(t: Pick<TypeRow, 'oid' | 'typelem' | 'typlen'>): string {
  if (t.oid === Oid.jsonb) return 'jsonb_subscript_handler';
  if (t.typelem === 0) return '-';
  return t.typlen === -1 ? 'array_subscript_handler' : 'raw_array_subscript_handler';
}

/** A pg_type row from built-in-style facts (function names resolved to OIDs). */
function typeRow(t: TypeRow, namespaceOid: number): RowValues {
  return {
    oid: t.oid,
    typname: t.typname,
    typnamespace: namespaceOid,
    typowner: BOOTSTRAP_SUPERUSER,
    typlen: t.typlen,
    typbyval: t.typbyval,
    typtype: t.typtype,
    typcategory: t.typcategory,
    typispreferred: t.typispreferred,
    typisdefined: t.typisdefined,
    typdelim: t.typdelim,
    typrelid: t.typrelid,
    typsubscript: procOidByName(subscriptHandler(t)),
    typelem: t.typelem,
    typarray: t.typarray,
    typinput: procOidByName(t.typinput),
    typoutput: procOidByName(t.typoutput),
    typreceive: procOidByName(t.typreceive),
    typsend: procOidByName(t.typsend),
    typmodin: procOidByName(t.typmodin),
    typmodout: procOidByName(t.typmodout),
    typanalyze: procOidByName((t as TypeRow & { typanalyze?: string }).typanalyze ?? '-'),
    typalign: t.typalign,
    typstorage: t.typstorage,
    typnotnull: t.typnotnull,
    typbasetype: t.typbasetype,
    typtypmod: t.typtypmod,
    typndims: t.typndims,
    typcollation: t.typcollation,
  };
}

const BASE: Omit<TypeRow, 'oid' | 'typname' | 'namespace'> = {
  typlen: -1,
  typbyval: false,
  typtype: 'b',
  typcategory: 'A',
  typispreferred: false,
  typisdefined: true,
  typdelim: ',',
  typrelid: 0,
  typelem: 0,
  typarray: 0,
  typinput: 'array_in',
  typoutput: 'array_out',
  typreceive: 'array_recv',
  typsend: 'array_send',
  typmodin: '-',
  typmodout: '-',
  typalign: 'd',
  typstorage: 'x',
  typnotnull: false,
  typbasetype: 0,
  typtypmod: -1,
  typndims: 0,
  typcollation: 0,
};

function arrayOf(oid: number, name: string, elem: number, align: string): TypeRow {
  return { ...BASE, oid, typname: `_${name}`, namespace: '', typelem: elem, typalign: align, typanalyze: 'array_typanalyze' } as TypeRow;
}

/** A relation's composite type and its array type. */
function rowTypes(rel: RelationRecord, typeOid: number, arrayOid: number): TypeRow[] {
  const composite = {
    ...BASE,
    oid: typeOid,
    typname: rel.name,
    namespace: '',
    typtype: 'c',
    typcategory: 'C',
    typrelid: rel.oid,
    typarray: arrayOid,
    typinput: 'record_in',
    typoutput: 'record_out',
    typreceive: 'record_recv',
    typsend: 'record_send',
  } as TypeRow;
  return arrayOid === 0 ? [composite] : [composite, arrayOf(arrayOid, rel.name, typeOid, 'd')];
}

let builtinRows: RowValues[] | null = null;

function* typeRows(catalog: CatalogTxn): Iterable<RowValues> {
  const b = builtins();
  builtinRows ??= b.types.map((t) => typeRow(t, NAMESPACES[t.namespace] ?? PG_CATALOG_NAMESPACE));
  yield* builtinRows;
  for (const rel of catalogRelations(catalog)) {
    const typeOid = rowTypeOf(rel);
    if (typeOid === 0) continue;
    if (rel.system) {
      // row types of catalog tables are in the recorded data; information_schema's are not
      if (b.typeByOid.has(typeOid)) continue;
      const arrayOid = b.types.find((t) => t.typelem === typeOid)?.oid ?? 0;
      for (const t of rowTypes(rel.record, typeOid, arrayOid)) if (!b.typeByOid.has(t.oid)) yield typeRow(t, rel.record.namespaceOid);
      continue;
    }
    for (const t of rowTypes(rel.record, typeOid, rowArrayTypeOf(rel.record))) yield typeRow(t, rel.record.namespaceOid);
  }
  for (const r of catalog.records()) {
    if (r.kind !== 'enum') continue;
    const enumType = {
      ...BASE,
      oid: r.oid,
      typname: r.name,
      namespace: '',
      typlen: 4,
      typbyval: true,
      typtype: 'e',
      typcategory: 'E',
      typarray: r.arrayOid,
      typinput: 'enum_in',
      typoutput: 'enum_out',
      typreceive: 'enum_recv',
      typsend: 'enum_send',
      typalign: 'i',
      typstorage: 'p',
    } as TypeRow;
    yield typeRow(enumType, r.namespaceOid);
    yield typeRow(arrayOf(r.arrayOid, r.name, r.oid, 'i'), r.namespaceOid);
  }
}

defineTables([
  {
    oid: 1247,
    name: 'pg_type',
    relkind: 'r',
    rowType: 71,
    columns:
      'oid oid!, typname name!, typnamespace oid!, typowner oid!, typlen int2!, typbyval bool!, typtype char!, typcategory char!, ' +
      'typispreferred bool!, typisdefined bool!, typdelim char!, typrelid oid!, typsubscript regproc!, typelem oid!, typarray oid!, ' +
      'typinput regproc!, typoutput regproc!, typreceive regproc!, typsend regproc!, typmodin regproc!, typmodout regproc!, ' +
      'typanalyze regproc!, typalign char!, typstorage char!, typnotnull bool!, typbasetype oid!, typtypmod int4!, typndims int4!, ' +
      'typcollation oid!, typdefaultbin pg_node_tree, typdefault text, typacl _aclitem',
    rows: ({ catalog }) => typeRows(catalog),
  },
]);
