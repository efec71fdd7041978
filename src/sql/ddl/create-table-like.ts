// CREATE TABLE t (LIKE source [INCLUDING | EXCLUDING {DEFAULTS | CONSTRAINTS | IDENTITY |
// GENERATED | INDEXES | COMMENTS | ALL ...}], ...) (PostgreSQL's transformTableLikeClause): the
// clause is replaced by the source's columns (names, types with their modifiers, NOT NULL) and,
// as asked, their defaults, identity (with the sequence's options), generation expressions,
// CHECK constraints (named as in the source), primary key and unique constraints (named for the
// new table); plain indexes and comments are copied once the table exists. Storage,
// compression and statistics options have nothing to copy here.
import { builtins } from '../../catalog/builtins.js';
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import { CatalogClass, type RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState } from '../../errors.js';
import { targetRelation } from './target-relation.js';
import type { Node } from '../parser.js';
import type { Session } from '../session.js';
import { numericTypmodParts, Oid } from '../types/oids.js';
import { enumOfArrayType } from '../types/enum-oids.js';
import { chooseName, relationNameTaken } from './names.js';

const LIKE_COMMENTS = 1 << 0;
const LIKE_CONSTRAINTS = 1 << 2;
const LIKE_DEFAULTS = 1 << 3;
const LIKE_GENERATED = 1 << 4;
const LIKE_IDENTITY = 1 << 5;
const LIKE_INDEXES = 1 << 6;

const VARHDRSZ = 4;

const int = (n: number): Node => ({ A_Const: { ival: { ival: n }, location: -1 } });

/** The type modifiers that give `typmod` back through the type's typmodin. */
function typmodsOf(type: number, typmod: number): Node[] | undefined {
  if (typmod < 0) return undefined;
  switch (type) {
    case Oid.varchar:
    case Oid.bpchar:
      return [int(typmod - VARHDRSZ)];
    case Oid.numeric: {
      const p = numericTypmodParts(typmod);
      return p ? [int(p.precision), int(p.scale)] : undefined;
    }
    case Oid.interval:
      return (typmod & 0xffff) === 0xffff ? [int((typmod >>> 16) & 0x7fff)] : [int((typmod >>> 16) & 0x7fff), int(typmod & 0xffff)];
    default:
      return [int(typmod)];
  }
}

/** A TypeName node that resolves to type `oid` with `typmod`. */
function typeNameNode(catalog: CatalogTxn, oid: number, typmod: number): Node {
  const user = catalog.get(enumOfArrayType(oid) || oid);
  if (user?.kind === 'enum') {
    const ns = catalog.get(user.namespaceOid);
    const names = [ns?.kind === 'namespace' ? ns.name : 'public', user.name].map((s) => ({ String: { sval: s } }));
    return { names, typemod: -1, location: -1, ...(user.oid !== oid ? { arrayBounds: [{ Integer: { ival: -1 } }] } : {}) };
  }
  const row = builtins().typeByOid.get(oid);
  if (!row) throw new DbError(SqlState.FeatureNotSupported, `copying a column of type ${oid} with LIKE is not supported yet`);
  const array = row.typcategory === 'A' && row.typelem !== 0;
  const element = array ? builtins().type(row.typelem) : row;
  const typmods = typmodsOf(element.oid, typmod);
  return {
    names: [{ String: { sval: 'pg_catalog' } }, { String: { sval: element.typname } }],
    typemod: -1,
    location: -1,
    ...(typmods ? { typmods } : {}),
    ...(array ? { arrayBounds: [{ Integer: { ival: -1 } }] } : {}),
  };
}

/** DefElems of an identity's sequence options. */
function identityOptions(catalog: CatalogTxn, seqOid: number): Node[] {
  const seq = catalog.get(seqOid);
  if (seq?.kind !== 'relation' || !seq.sequence) return [];
  const o = seq.sequence;
  const def = (defname: string, arg: Node) => ({ DefElem: { defname, arg, defaction: 'DEFELEM_UNSPEC', location: -1 } });
  const num = (v: string) => (Number.isSafeInteger(Number(v)) && Math.abs(Number(v)) < 2 ** 31 ? { Integer: { ival: Number(v) } } : { Float: { fval: v } });
  return [
    def('start', num(o.start)),
    def('increment', num(o.increment)),
    def('minvalue', num(o.min)),
    def('maxvalue', num(o.max)),
    def('cache', num(o.cache)),
    def('cycle', { Boolean: { boolval: o.cycle } }),
  ];
}

export interface ExpandedLike {
  elements: Node[];
  /** Copies what needs the new table to exist (plain indexes, comments). */
  after(table: RelationRecord): void;
}

/** Replaces the LIKE clauses of a CREATE TABLE's elements. */
export function expandLikeClauses(session: Session, catalog: CatalogTxn, elements: Node[]): ExpandedLike {
  if (!elements.some((e) => e.TableLikeClause)) return { elements, after: () => {} };
  const out: Node[] = [];
  const constraints: Node[] = [];
  const later: ((table: RelationRecord) => void)[] = [];
  for (const element of elements) {
    const like = element.TableLikeClause;
    if (!like) {
      out.push(element);
      continue;
    }
    const rv = like.relation;
    const source = targetRelation(session, rv, false)!;
    if (source.relkind !== 'r' && source.relkind !== 'v') {
      throw new DbError(SqlState.WrongObjectType, `"${source.name}" is not a table, view, materialized view, composite type, or foreign table`);
    }
    const options = like.options as number;
    const live = source.columns.filter((c) => !c.dropped);
    for (const c of live) {
      const cons: Node[] = [];
      if (c.notNull) cons.push({ Constraint: { contype: 'CONSTR_NOTNULL', location: -1 } });
      if (c.identity && options & LIKE_IDENTITY) {
        cons.push({ Constraint: { contype: 'CONSTR_IDENTITY', generated_when: c.identity, options: identityOptions(catalog, c.sequenceOid), location: -1 } });
      } else if (c.defaultExpr !== null && !c.identity && options & LIKE_DEFAULTS) {
        cons.push({ Constraint: { contype: 'CONSTR_DEFAULT', raw_expr: c.defaultExpr, location: -1 } });
      }
      if (c.generated !== undefined && options & LIKE_GENERATED) {
        cons.push({ Constraint: { contype: 'CONSTR_GENERATED', generated_when: 'a', raw_expr: c.generated, location: -1 } });
      }
      out.push({ ColumnDef: { colname: c.name, typeName: typeNameNode(catalog, c.typeOid, c.typmod), constraints: cons, is_local: true, location: -1 } });
    }
    const sourceConstraints = source.system ? [] : catalog.constraintsOf(source.oid);
    const nameOf = (attnum: number) => ({ String: { sval: source.columns[attnum - 1]!.name } });
    if (options & LIKE_CONSTRAINTS) {
      for (const c of sourceConstraints) {
        if (c.contype === 'c') constraints.push({ Constraint: { contype: 'CONSTR_CHECK', conname: c.name, raw_expr: c.checkExpr, location: -1, initially_valid: true } });
      }
    }
    if (options & LIKE_INDEXES) {
      for (const c of sourceConstraints) {
        if (c.contype !== 'p' && c.contype !== 'u') continue;
        const index = catalog.get(c.indexOid);
        const nullsNotDistinct = index?.kind === 'relation' && index.index?.nullsNotDistinct === true;
        constraints.push({
          Constraint: { contype: c.contype === 'p' ? 'CONSTR_PRIMARY' : 'CONSTR_UNIQUE', keys: c.columns.map(nameOf), nulls_not_distinct: nullsNotDistinct, location: -1 },
        });
      }
      const plain = source.system ? [] : catalog.indexesOf(source.oid).filter((i) => !sourceConstraints.some((c) => c.indexOid === i.oid));
      for (const index of plain) later.push((table) => copyIndex(session, catalog, source, index, table));
    }
    if (options & LIKE_COMMENTS) later.push((table) => copyComments(catalog, source, table));
  }
  return { elements: [...out, ...constraints], after: (table) => later.forEach((f) => f(table)) };
}

/** A plain index of the source, on the new (empty) table. */
function copyIndex(session: Session, catalog: CatalogTxn, source: RelationRecord, index: RelationRecord, table: RelationRecord): void {
  const attnumOf = (attnum: number) => table.columns.find((c) => c.name === source.columns[attnum - 1]!.name)!.attnum;
  // expression columns (attnum 0) and the predicate name columns, which keep their names
  const columns = index.index!.columns.map((c) => (c.attnum > 0 ? { ...c, attnum: attnumOf(c.attnum) } : c));
  const label = index.columns.map((c) => c.name).join('_');
  const name = chooseName(table.name, label, 'idx', (n) => relationNameTaken(catalog, table.namespaceOid, n, new Set()));
  const oid = catalog.allocateOid();
  const relations = session.cluster.relations;
  relations.create(session.dbOid, oid);
  session.transaction.afterAbort(() => relations.drop(session.dbOid, oid));
  catalog.put({ ...index, oid, name, namespaceOid: table.namespaceOid, relfilenode: oid, index: { ...index.index!, tableOid: table.oid, columns } });
}

function copyComments(catalog: CatalogTxn, source: RelationRecord, table: RelationRecord): void {
  for (const c of source.columns) {
    if (c.dropped) continue;
    const text = catalog.comment({ classOid: CatalogClass.pg_class, objOid: source.oid, subId: c.attnum })?.text;
    const target = table.columns.find((t) => t.name === c.name);
    if (text !== undefined && target) catalog.setComment({ classOid: CatalogClass.pg_class, objOid: table.oid, subId: target.attnum }, text);
  }
  const own = catalog.constraintsOf(table.oid);
  for (const c of catalog.constraintsOf(source.oid)) {
    if (c.contype !== 'c') continue;
    const text = catalog.comment({ classOid: CatalogClass.pg_constraint, objOid: c.oid, subId: 0 })?.text;
    const target = own.find((t) => t.contype === 'c' && t.name === c.name);
    if (text !== undefined && target) catalog.setComment({ classOid: CatalogClass.pg_constraint, objOid: target.oid, subId: 0 }, text);
  }
}
