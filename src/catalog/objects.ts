// The catalog's objects: plain, immutable records (JSON-serializable), one per database,
// schema, relation (table, index, view, sequence), constraint, user type and comment. They are
// what the KV log stores and what pg_catalog views are computed from. Changes replace whole
// records (copy, modify, store), so a record read by a transaction never changes under it.
// OIDs follow PostgreSQL: built-in objects below 16384, user objects from 16384 up.

export const FIRST_NORMAL_OID = 16384;

export interface DatabaseRecord {
  kind: 'database';
  oid: number;
  name: string;
  ownerOid: number;
  encoding: 'UTF8';
  collate: string;
  ctype: string;
  isTemplate: boolean;
  allowConnections: boolean;
  connectionLimit: number;
}

export interface NamespaceRecord {
  kind: 'namespace';
  oid: number;
  dbOid: number;
  name: string;
  ownerOid: number;
}

/**
 * A parse-tree node (libpg-query's JSON) for an expression stored in the catalog: a column
 * default, a CHECK condition, an index expression or predicate. It is analyzed again where it
 * is used, against the catalog of that moment, as PostgreSQL stores analyzed trees and re-plans
 * them.
 */
export type StoredExpr = unknown;

export interface ColumnRecord {
  /** 1-based position (attnum); dropped columns keep their number. */
  attnum: number;
  name: string;
  typeOid: number;
  typmod: number;
  notNull: boolean;
  /** DEFAULT expression, or null. */
  defaultExpr: StoredExpr | null;
  /** GENERATED ... AS IDENTITY: 'a' (ALWAYS) or 'd' (BY DEFAULT), '' when not. */
  identity: '' | 'a' | 'd';
  /** The identity's or serial's sequence, 0 when none. */
  sequenceOid: number;
  dropped: boolean;
  /**
   * GENERATED ALWAYS AS (expr) STORED: the expression, over the table's other columns (named
   * unqualified), computed into the column whenever a row is written. Absent for other columns.
   */
  generated?: StoredExpr;
}

export type RelationKind =
  /** r: table */
  | 'r'
  /** i: index */
  | 'i'
  /** v: view */
  | 'v'
  /** S: sequence */
  | 'S';

export interface IndexColumn {
  /** Table column number (attnum); 0 for an expression column (the next of `expressions`). */
  attnum: number;
  descending: boolean;
  nullsFirst: boolean;
}

export interface SequenceOptions {
  typeOid: number;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
}

export interface RelationRecord {
  kind: 'relation';
  oid: number;
  dbOid: number;
  namespaceOid: number;
  name: string;
  relkind: RelationKind;
  ownerOid: number;
  /** The file's name under base/<dbOid>/ (0 for views). */
  relfilenode: number;
  /** Columns of a table or view; the key columns of an index. */
  columns: ColumnRecord[];
  /** Tables: attnums of the primary key, [] when the table has none (hidden row id). */
  primaryKey: number[];
  /** Indexes: the table, its columns, uniqueness. */
  index?: {
    tableOid: number;
    columns: IndexColumn[];
    unique: boolean;
    primary: boolean;
    nullsNotDistinct: boolean;
    /** Access method as created ('btree' when absent; 'hash' indexes are btrees here too). */
    method?: string;
    /**
     * The expressions of the columns with attnum 0, in column order (PostgreSQL's indexprs).
     * Absent when there are none, as in records written before expression indexes existed.
     */
    expressions?: StoredExpr[];
    /** A partial index's WHERE condition (indpred); absent for a whole-table index. */
    predicate?: StoredExpr;
  };
  /** Views: the defining SELECT as SQL text (as written, for display). */
  viewSql?: string;
  /** Views: the defining SELECT's parse tree (analyzed again where the view is read). */
  viewQuery?: StoredExpr;
  /** Views: the relations the query reads (they cannot be dropped without CASCADE). */
  viewDeps?: number[];
  /** Views: WITH LOCAL / CASCADED CHECK OPTION. */
  checkOption?: 'local' | 'cascaded';
  /** Sequences: their options. */
  sequence?: SequenceOptions;
  /** Sequences owned by a column (serial, identity): table oid and attnum. */
  ownedBy?: { tableOid: number; attnum: number };
  /** A system relation computed on read (pg_catalog, information_schema); never stored. */
  system?: true;
}

export type ConstraintKind =
  /** p: primary key */
  | 'p'
  /** u: unique */
  | 'u'
  /** c: check */
  | 'c'
  /** f: foreign key */
  | 'f';

export type ForeignKeyAction = 'a' | 'r' | 'c' | 'n' | 'd'; // NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT

export interface ConstraintRecord {
  kind: 'constraint';
  oid: number;
  dbOid: number;
  namespaceOid: number;
  name: string;
  contype: ConstraintKind;
  tableOid: number;
  /** Constrained columns (attnums). */
  columns: number[];
  /** The index enforcing a primary key or unique constraint. */
  indexOid: number;
  /** CHECK condition. */
  checkExpr?: StoredExpr;
  foreignKey?: {
    refTableOid: number;
    refColumns: number[];
    onUpdate: ForeignKeyAction;
    onDelete: ForeignKeyAction;
    matchFull: boolean;
  };
  deferrable: boolean;
  initiallyDeferred: boolean;
}

export interface EnumTypeRecord {
  kind: 'enum';
  oid: number;
  dbOid: number;
  namespaceOid: number;
  name: string;
  arrayOid: number;
  ownerOid: number;
  /** Labels in sort order, with their pg_enum OIDs. */
  labels: { oid: number; label: string; sortOrder: number }[];
}

export interface CommentRecord {
  kind: 'comment';
  dbOid: number;
  /** pg_description's classoid: the catalog the object lives in (pg_class, pg_namespace, ...). */
  classOid: number;
  objOid: number;
  /** Column number for column comments, 0 otherwise. */
  subId: number;
  text: string;
}

export type CatalogRecord = DatabaseRecord | NamespaceRecord | RelationRecord | ConstraintRecord | EnumTypeRecord | CommentRecord;

/** pg_class / pg_namespace / pg_type ... OIDs used as pg_description's classoid. */
export const CatalogClass = {
  pg_class: 1259,
  pg_namespace: 2615,
  pg_type: 1247,
  pg_constraint: 2606,
  pg_database: 1262,
  pg_proc: 1255,
} as const;
