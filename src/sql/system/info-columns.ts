// information_schema.columns: every column of every table and view (the system relations'
// too, as PostgreSQL lists pg_catalog's), with the default (or a generated column's
// expression) as pg_get_expr prints it, the
// type described the SQL-standard way (info-types.ts), domain and udt names, identity
// details from the identity sequence, and the collation where it is not the default one;
// and information_schema.domains, which lists information_schema's own domains.
import { builtins } from '../../catalog/builtins.js';
import { DbError } from '../../errors.js';
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { ColumnRecord } from '../../catalog/objects.js';
import { catalogExprText } from '../deparse/catalog-exprs.js';
import { formatTypeName } from '../deparse/type-names.js';
import type { Session } from '../session.js';
import { catalogRelations, type CatalogRelation } from './catalog-objects.js';
import { defineTables, type RowValues } from './columns.js';
import { dataType, typeColumns, typeSchemaAndName } from './info-types.js';
import { tableNames, yesNo } from './info-tables.js';
import { attrdefTree, isGenerated } from './pg-attribute.js';

const COLLATIONS: Record<number, string> = { 950: 'C', 951: 'POSIX' };

function identityColumns(catalog: CatalogTxn, c: ColumnRecord): RowValues {
  const seq = c.identity ? catalog.get(c.sequenceOid) : undefined;
  const o = seq?.kind === 'relation' ? seq.sequence : undefined;
  return {
    is_identity: yesNo(c.identity !== ''),
    identity_generation: c.identity === 'a' ? 'ALWAYS' : c.identity === 'd' ? 'BY DEFAULT' : null,
    identity_start: o?.start ?? null,
    identity_increment: o?.increment ?? null,
    identity_maximum: o?.max ?? null,
    identity_minimum: o?.min ?? null,
    identity_cycle: yesNo(o?.cycle ?? false),
  };
}

/**
 * The default as pg_get_expr prints it; NULL when it no longer analyzes (a default naming a
 * sequence dropped since: PostgreSQL would have refused the drop), so one broken default does
 * not make the whole view fail.
 */
function defaultText(session: Session, catalog: CatalogTxn, c: ColumnRecord, relOid: number): string | null {
  const tree = attrdefTree(c);
  if (!tree) return null;
  try {
    return catalogExprText(session, catalog, tree, relOid, false);
  } catch (err) {
    if (err instanceof DbError) return null;
    throw err;
  }
}

function* columnRows(session: Session, catalog: CatalogTxn, rel: CatalogRelation): Iterable<RowValues> {
  const r = rel.record;
  const names = tableNames(session, catalog, r);
  for (const c of r.columns) {
    if (c.dropped) continue;
    const system = rel.system?.columns[c.attnum - 1];
    const domain = system?.domain !== undefined ? builtins().typeByOid.get(system.domain) : undefined;
    const [udtSchema, udtName] = typeSchemaAndName(catalog, c.typeOid);
    const collation = domain ? domain.typcollation : c.typeOid === 19 ? 950 : 0;
    const def = defaultText(session, catalog, c, r.oid);
    const generated = isGenerated(c);
    yield {
      ...names,
      column_name: c.name,
      ordinal_position: c.attnum,
      column_default: generated ? null : def,
      is_nullable: yesNo(!c.notNull),
      data_type: dataType(catalog, c.typeOid),
      ...typeColumns(c.typeOid, c.typmod),
      collation_catalog: collation ? session.database : null,
      collation_schema: collation ? 'pg_catalog' : null,
      collation_name: COLLATIONS[collation] ?? null,
      domain_catalog: domain ? session.database : null,
      domain_schema: domain?.namespace ?? null,
      domain_name: domain?.typname ?? null,
      udt_catalog: session.database,
      udt_schema: udtSchema,
      udt_name: udtName,
      dtd_identifier: String(c.attnum),
      is_self_referencing: 'NO',
      ...identityColumns(catalog, c),
      is_generated: generated ? 'ALWAYS' : 'NEVER',
      generation_expression: generated ? def : null,
      is_updatable: yesNo(!rel.system),
    };
  }
}

/** information_schema's own domains: the default of time_stamp, which the recorded data lacks. */
const DOMAIN_DEFAULTS: Record<string, string> = { time_stamp: 'CURRENT_TIMESTAMP(2)' };

function* domainRows(session: Session): Iterable<RowValues> {
  for (const t of builtins().types) {
    if (t.typtype !== 'd') continue;
    const base = builtins().typeByOid.get(t.typbasetype)!;
    yield {
      domain_catalog: session.database,
      domain_schema: t.namespace,
      domain_name: t.typname,
      data_type: formatTypeName(t.typbasetype, -1, false),
      ...typeColumns(t.typbasetype, t.typtypmod),
      collation_catalog: t.typcollation ? session.database : null,
      collation_schema: t.typcollation ? 'pg_catalog' : null,
      collation_name: COLLATIONS[t.typcollation] ?? null,
      domain_default: DOMAIN_DEFAULTS[t.typname] ?? null,
      udt_catalog: session.database,
      udt_schema: base.namespace,
      udt_name: base.typname,
      dtd_identifier: '1',
    };
  }
}

const ID = 'sql_identifier';
const N = 'cardinal_number';

defineTables([
  {
    oid: 13295,
    name: 'columns',
    relkind: 'v',
    rowType: 13297,
    infoSchema: true,
    columns:
      `table_catalog ${ID}, table_schema ${ID}, table_name ${ID}, column_name ${ID}, ordinal_position ${N}, ` +
      `column_default character_data, is_nullable yes_or_no, data_type character_data, character_maximum_length ${N}, ` +
      `character_octet_length ${N}, numeric_precision ${N}, numeric_precision_radix ${N}, numeric_scale ${N}, ` +
      `datetime_precision ${N}, interval_type character_data, interval_precision ${N}, character_set_catalog ${ID}, ` +
      `character_set_schema ${ID}, character_set_name ${ID}, collation_catalog ${ID}, collation_schema ${ID}, ` +
      `collation_name ${ID}, domain_catalog ${ID}, domain_schema ${ID}, domain_name ${ID}, udt_catalog ${ID}, ` +
      `udt_schema ${ID}, udt_name ${ID}, scope_catalog ${ID}, scope_schema ${ID}, scope_name ${ID}, ` +
      `maximum_cardinality ${N}, dtd_identifier ${ID}, is_self_referencing yes_or_no, is_identity yes_or_no, ` +
      'identity_generation character_data, identity_start character_data, identity_increment character_data, ' +
      'identity_maximum character_data, identity_minimum character_data, identity_cycle yes_or_no, ' +
      'is_generated character_data, generation_expression character_data, is_updatable yes_or_no',
    *rows({ session, catalog }) {
      for (const rel of catalogRelations(catalog)) {
        if (rel.record.relkind === 'r' || rel.record.relkind === 'v') yield* columnRows(session, catalog, rel);
      }
    },
  },
  {
    oid: 13320,
    name: 'domains',
    relkind: 'v',
    rowType: 13322,
    infoSchema: true,
    columns:
      `domain_catalog ${ID}, domain_schema ${ID}, domain_name ${ID}, data_type character_data, character_maximum_length ${N}, ` +
      `character_octet_length ${N}, character_set_catalog ${ID}, character_set_schema ${ID}, character_set_name ${ID}, ` +
      `collation_catalog ${ID}, collation_schema ${ID}, collation_name ${ID}, numeric_precision ${N}, numeric_precision_radix ${N}, ` +
      `numeric_scale ${N}, datetime_precision ${N}, interval_type character_data, interval_precision ${N}, ` +
      `domain_default character_data, udt_catalog ${ID}, udt_schema ${ID}, udt_name ${ID}, scope_catalog ${ID}, ` +
      `scope_schema ${ID}, scope_name ${ID}, maximum_cardinality ${N}, dtd_identifier ${ID}`,
    rows: ({ session }) => domainRows(session),
  },
]);
