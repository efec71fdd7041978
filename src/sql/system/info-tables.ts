// information_schema views of relations and schemas: tables, views, schemata and sequences
// (identity sequences are not listed, as in PostgreSQL), plus information_schema_catalog_name
// and the role views. The only role that logs in is the superuser, which sees every object,
// so no privilege filtering applies. Catalog names are the current database's name.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord } from '../../catalog/objects.js';
import { viewDefinition } from '../deparse/view-def.js';
import type { Session } from '../session.js';
import { formatTypeName } from '../deparse/type-names.js';
import { catalogRelations } from './catalog-objects.js';
import { defineTables, type RowValues } from './columns.js';
import { numericPrecision } from './info-types.js';
import { schemaOwner } from './pg-namespace.js';
import { ROLE_MEMBERSHIPS, ROLES, roleByOid } from './roles.js';

export const yesNo = (b: boolean) => (b ? 'YES' : 'NO');

/** The schema a relation lives in, by name. */
export function schemaOf(catalog: CatalogTxn, r: RelationRecord): string {
  const ns = catalog.get(r.namespaceOid);
  return ns?.kind === 'namespace' ? ns.name : r.namespaceOid === 11 ? 'pg_catalog' : 'information_schema';
}

/** table_catalog / table_schema / table_name of a relation. */
export function tableNames(session: Session, catalog: CatalogTxn, r: RelationRecord): RowValues {
  return { table_catalog: session.database, table_schema: schemaOf(catalog, r), table_name: r.name };
}

function* tables(session: Session, catalog: CatalogTxn): Iterable<RowValues> {
  for (const { record: r } of catalogRelations(catalog)) {
    if (r.relkind !== 'r' && r.relkind !== 'v') continue;
    yield {
      ...tableNames(session, catalog, r),
      table_type: r.relkind === 'r' ? 'BASE TABLE' : 'VIEW',
      is_insertable_into: yesNo(r.relkind === 'r' || (!r.system && r.relkind === 'v')),
      is_typed: 'NO',
    };
  }
}

function* views(session: Session, catalog: CatalogTxn): Iterable<RowValues> {
  for (const { record: r, system } of catalogRelations(catalog)) {
    if (r.relkind !== 'v') continue;
    yield {
      ...tableNames(session, catalog, r),
      view_definition: system ? null : viewDefinition(session, catalog, r, false, 0),
      check_option: r.checkOption ? r.checkOption.toUpperCase() : 'NONE',
      is_updatable: yesNo(!system),
      is_insertable_into: yesNo(!system),
      is_trigger_updatable: 'NO',
      is_trigger_deletable: 'NO',
      is_trigger_insertable_into: 'NO',
    };
  }
}

function* sequences(session: Session, catalog: CatalogTxn): Iterable<RowValues> {
  for (const r of catalog.records()) {
    if (r.kind !== 'relation' || r.relkind !== 'S' || !r.sequence) continue;
    const owner = r.ownedBy && catalog.get(r.ownedBy.tableOid);
    if (owner?.kind === 'relation' && owner.columns[r.ownedBy!.attnum - 1]?.identity) continue;
    const o = r.sequence;
    yield {
      sequence_catalog: session.database,
      sequence_schema: schemaOf(catalog, r),
      sequence_name: r.name,
      data_type: formatTypeName(o.typeOid, -1, false),
      numeric_precision: numericPrecision(o.typeOid, -1),
      numeric_precision_radix: 2,
      numeric_scale: 0,
      start_value: o.start,
      minimum_value: o.min,
      maximum_value: o.max,
      increment: o.increment,
      cycle_option: yesNo(o.cycle),
    };
  }
}

const ID = 'sql_identifier';

defineTables([
  {
    oid: 13425,
    name: 'tables',
    relkind: 'v',
    rowType: 13427,
    infoSchema: true,
    columns:
      `table_catalog ${ID}, table_schema ${ID}, table_name ${ID}, table_type character_data, self_referencing_column_name ${ID}, ` +
      `reference_generation character_data, user_defined_type_catalog ${ID}, user_defined_type_schema ${ID}, ` +
      `user_defined_type_name ${ID}, is_insertable_into yes_or_no, is_typed yes_or_no, commit_action character_data`,
    rows: ({ session, catalog }) => tables(session, catalog),
  },
  {
    oid: 13483,
    name: 'views',
    relkind: 'v',
    rowType: 13485,
    infoSchema: true,
    columns:
      `table_catalog ${ID}, table_schema ${ID}, table_name ${ID}, view_definition character_data, check_option character_data, ` +
      'is_updatable yes_or_no, is_insertable_into yes_or_no, is_trigger_updatable yes_or_no, is_trigger_deletable yes_or_no, ' +
      'is_trigger_insertable_into yes_or_no',
    rows: ({ session, catalog }) => views(session, catalog),
  },
  {
    oid: 13382,
    name: 'schemata',
    relkind: 'v',
    rowType: 13384,
    infoSchema: true,
    columns:
      `catalog_name ${ID}, schema_name ${ID}, schema_owner ${ID}, default_character_set_catalog ${ID}, ` +
      `default_character_set_schema ${ID}, default_character_set_name ${ID}, sql_path character_data`,
    *rows({ session, catalog }) {
      for (const r of catalog.records()) {
        if (r.kind !== 'namespace') continue;
        yield { catalog_name: session.database, schema_name: r.name, schema_owner: roleByOid(schemaOwner(r.oid, r.ownerOid))?.name ?? null };
      }
    },
  },
  {
    oid: 13386,
    name: 'sequences',
    relkind: 'v',
    rowType: 13388,
    infoSchema: true,
    columns:
      `sequence_catalog ${ID}, sequence_schema ${ID}, sequence_name ${ID}, data_type character_data, numeric_precision cardinal_number, ` +
      'numeric_precision_radix cardinal_number, numeric_scale cardinal_number, start_value character_data, ' +
      'minimum_value character_data, maximum_value character_data, increment character_data, cycle_option yes_or_no',
    rows: ({ session, catalog }) => sequences(session, catalog),
  },
  {
    oid: 13227,
    name: 'information_schema_catalog_name',
    relkind: 'v',
    rowType: 13229,
    infoSchema: true,
    columns: `catalog_name ${ID}`,
    rows: ({ session }) => [{ catalog_name: session.database }],
  },
  {
    oid: 13325,
    name: 'enabled_roles',
    relkind: 'v',
    rowType: 13327,
    infoSchema: true,
    columns: `role_name ${ID}`,
    rows: () => ROLES.map((r) => ({ role_name: r.name })),
  },
  {
    oid: 13236,
    name: 'applicable_roles',
    relkind: 'v',
    rowType: 13238,
    infoSchema: true,
    columns: `grantee ${ID}, role_name ${ID}, is_grantable yes_or_no`,
    rows: () =>
      ROLE_MEMBERSHIPS.map((m) => ({ grantee: roleByOid(m.member)?.name ?? null, role_name: roleByOid(m.roleid)?.name ?? null, is_grantable: 'NO' })),
  },
]);
