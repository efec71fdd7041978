// pg_catalog.pg_description and pg_shdescription: comments. The database's COMMENT ON
// comments, and the descriptions PostgreSQL ships for its built-in objects that Treeline has
// (functions, schemas, languages, the plpgsql extension, access methods, the basic collations,
// the initial databases). Comments on shared objects (databases, roles, tablespaces) belong
// in pg_shdescription. descriptionOf() answers obj_description() and friends from the same data.
import { builtins } from '../../catalog/builtins.js';
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import { CatalogClass } from '../../catalog/objects.js';
import { defineTables, type RowValues } from './columns.js';

const PG_LANGUAGE = 2612;
const PG_EXTENSION = 3079;
const PG_AM = 2601;
const PG_COLLATION = 3456;
const SHARED_CLASSES = new Set<number>([CatalogClass.pg_database, 1260, 1213]);

/** Built-in objects' descriptions other than functions': [classoid, objoid, text]. */
const BUILTIN: [number, number, string][] = [
  [CatalogClass.pg_namespace, 11, 'system catalog schema'],
  [CatalogClass.pg_namespace, 99, 'reserved schema for TOAST tables'],
  [CatalogClass.pg_namespace, 2200, 'standard public schema'],
  [PG_LANGUAGE, 12, 'built-in functions'],
  [PG_LANGUAGE, 13, 'dynamically-loaded C functions'],
  [PG_LANGUAGE, 14, 'SQL-language functions'],
  [PG_LANGUAGE, 13563, 'PL/pgSQL procedural language'],
  [PG_EXTENSION, 13559, 'PL/pgSQL procedural language'],
  [PG_AM, 2, 'heap table access method'],
  [PG_AM, 403, 'b-tree index access method'],
  [PG_AM, 405, 'hash index access method'],
  [PG_AM, 783, 'GiST index access method'],
  [PG_AM, 2742, 'GIN index access method'],
  [PG_AM, 3580, 'block range index (BRIN) access method'],
  [PG_AM, 4000, 'SP-GiST index access method'],
  [PG_COLLATION, 100, "database's default collation"],
  [PG_COLLATION, 950, 'standard C collation'],
  [PG_COLLATION, 951, 'standard POSIX collation'],
];

const BUILTIN_SHARED: [number, number, string][] = [
  [CatalogClass.pg_database, 1, 'default template for new databases'],
  [CatalogClass.pg_database, 4, 'unmodifiable empty database'],
  [CatalogClass.pg_database, 5, 'default administrative connection database'],
];

let builtinRows: RowValues[] | null = null;

function builtinDescriptions(): RowValues[] {
  builtinRows ??= [
    ...builtins()
      .procs.filter((p) => p.description !== null)
      .map((p) => ({ objoid: p.oid, classoid: CatalogClass.pg_proc, objsubid: 0, description: p.description })),
    ...BUILTIN.map(([classoid, objoid, description]) => ({ objoid, classoid, objsubid: 0, description })),
  ];
  return builtinRows;
}

/** The comment on an object (its column `subId`), as pg_description / pg_shdescription hold it. */
export function descriptionOf(catalog: CatalogTxn, classOid: number, objOid: number, subId: number): string | null {
  const own = catalog.comment({ classOid, objOid, subId });
  if (own) return own.text;
  if (subId !== 0) return null;
  if (classOid === CatalogClass.pg_proc) return builtins().procByOid.get(objOid)?.description ?? null;
  const builtin = [...BUILTIN, ...BUILTIN_SHARED].find(([c, o]) => c === classOid && o === objOid);
  return builtin?.[2] ?? null;
}

function* descriptions(catalog: CatalogTxn): Iterable<RowValues> {
  const overridden = new Set<string>();
  for (const c of catalog.allComments()) overridden.add(`${c.classOid}/${c.objOid}/${c.subId}`);
  for (const row of builtinDescriptions()) if (!overridden.has(`${row.classoid}/${row.objoid}/0`)) yield row;
  for (const c of catalog.allComments()) {
    if (!SHARED_CLASSES.has(c.classOid)) yield { objoid: c.objOid, classoid: c.classOid, objsubid: c.subId, description: c.text };
  }
}

function* sharedDescriptions(catalog: CatalogTxn): Iterable<RowValues> {
  const own = [...catalog.allComments()].filter((c) => SHARED_CLASSES.has(c.classOid));
  for (const [classoid, objoid, description] of BUILTIN_SHARED) {
    if (!own.some((c) => c.classOid === classoid && c.objOid === objoid)) yield { objoid, classoid, description };
  }
  for (const c of own) yield { objoid: c.objOid, classoid: c.classOid, description: c.text };
}

defineTables([
  {
    oid: 2609,
    name: 'pg_description',
    relkind: 'r',
    rowType: 10041,
    columns: 'objoid oid!, classoid oid!, objsubid int4!, description text!',
    rows: ({ catalog }) => descriptions(catalog),
  },
  {
    oid: 2396,
    name: 'pg_shdescription',
    relkind: 'r',
    rowType: 10062,
    columns: 'objoid oid!, classoid oid!, description text!',
    rows: ({ catalog }) => sharedDescriptions(catalog),
  },
]);
