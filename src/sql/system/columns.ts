// Column lists of system relations, written as PostgreSQL declares them:
//   'oid oid!, relname name!, relacl _aclitem, is_nullable yes_or_no'
// A type is a pg_catalog type name (arrays as _name) or an information_schema domain; a domain
// column has its base type and the domain's typmod (what PostgreSQL describes to clients) and
// keeps the domain for pg_attribute. `(n)` is the column's typmod, `!` marks NOT NULL.
// Rows are built from values by column name, so wide catalogs stay readable.
// Invariant: a spec names only types in the built-in catalog (checked when the module loads).
import { builtins } from '../../catalog/builtins.js';
import type { Value } from '../types/value.js';
import { INFORMATION_SCHEMA_NAMESPACE, PG_CATALOG_NAMESPACE, registerSystemTables, type SystemColumn, type SystemContext } from './system-table.js';

const COLUMN = /^([a-z_][a-z0-9_]*) ([a-z_][a-z0-9_]*)(?:\((\d+)\))?(!)?$/;

function typeNamed(name: string): { type: number; typmod: number; domain?: number } {
  const b = builtins();
  const builtin = b.typeByName.get(name);
  if (builtin) return { type: builtin.oid, typmod: -1 };
  const domain = b.types.find((t) => t.namespace === 'information_schema' && t.typname === name && t.typtype === 'd');
  if (domain) return { type: domain.typbasetype, typmod: domain.typtypmod, domain: domain.oid };
  throw new Error(`system column type ${name} is not a built-in type`);
}

/** Parses a column list (see the module comment). */
export function columns(spec: string): SystemColumn[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const m = COLUMN.exec(s);
      if (!m) throw new Error(`bad system column spec: ${s}`);
      const t = typeNamed(m[2]!);
      const column: SystemColumn = { name: m[1]!, type: t.type };
      const typmod = m[3] !== undefined ? Number(m[3]) : t.typmod;
      if (typmod >= 0) column.typmod = typmod;
      if (m[4]) column.notNull = true;
      if (t.domain !== undefined) column.domain = t.domain;
      return column;
    });
}

export type RowValues = Record<string, Value | undefined>;

/** Builds rows in column order from values by name; a missing value is NULL, an unknown name a bug. */
export function rowBuilder(cols: readonly SystemColumn[]): (values: RowValues) => Value[] {
  const index = new Map(cols.map((c, i) => [c.name, i]));
  return (values) => {
    const row: Value[] = new Array<Value>(cols.length).fill(null);
    for (const key in values) {
      const i = index.get(key);
      if (i === undefined) throw new Error(`system relation has no column ${key}`);
      row[i] = values[key] ?? null;
    }
    return row;
  };
}

export interface TableDefinition {
  oid: number;
  name: string;
  relkind: 'r' | 'v';
  rowType: number;
  /** information_schema instead of pg_catalog. */
  infoSchema?: boolean;
  columns: string;
  /** Rows as values by column name; omitted for a relation that is always empty here. */
  rows?: (ctx: SystemContext) => Iterable<RowValues>;
  /** The rows never change (built-in data): they are built once and kept. */
  fixed?: boolean;
}

/** Registers relations given by column spec and rows by name. */
export function defineTables(defs: readonly TableDefinition[]): void {
  registerSystemTables(
    defs.map((d) => {
      const cols = columns(d.columns);
      const build = rowBuilder(cols);
      const produce = d.rows;
      let kept: Value[][] | null = null;
      return {
        oid: d.oid,
        namespaceOid: d.infoSchema ? INFORMATION_SCHEMA_NAMESPACE : PG_CATALOG_NAMESPACE,
        name: d.name,
        relkind: d.relkind,
        rowType: d.rowType,
        columns: cols,
        *rows(ctx: SystemContext) {
          if (!produce) return;
          if (d.fixed) {
            kept ??= [...produce(ctx)].map(build);
            for (const row of kept) yield row.slice();
            return;
          }
          for (const values of produce(ctx)) yield build(values);
        },
      };
    }),
  );
}
