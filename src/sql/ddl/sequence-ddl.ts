// Sequences: CREATE SEQUENCE with PostgreSQL's options and checks (AS type, INCREMENT,
// MINVALUE, MAXVALUE, START, CACHE, CYCLE, OWNED BY), and the sequences that serial and
// identity columns own. A sequence is a catalog relation (relkind S) without a file; its value
// lives in the sequence store (catalog/sequences.ts).
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { ColumnRecord, RelationRecord, SequenceOptions } from '../../catalog/objects.js';
import { BOOTSTRAP_SUPERUSER_OID } from '../../catalog/catalog-store.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import { creationNamespace, requireRelation } from '../catalog-access.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { Oid } from '../types/oids.js';
import { utilityStatement } from '../statements/utility.js';
import { chooseName, relationNameTaken, truncateIdentifier } from './names.js';
import { applySequenceOption, invalid, TYPE_NAME, TYPE_RANGE, type OptionState } from './sequence-options.js';

/** Sequence options from DefElems (CREATE SEQUENCE or an identity's options), PostgreSQL's rules. */
export function sequenceOptions(session: Session, catalog: CatalogTxn, defaultType: number, defs: Node[]): { options: SequenceOptions; ownedBy: Node[] | null } {
  const state: OptionState = { type: defaultType, increment: 1n, min: null, max: null, start: null, cache: 1n, cycle: false };
  let ownedBy: Node[] | null = null;
  for (const def of defs) {
    const d = def.DefElem;
    if (applySequenceOption(session, catalog, state, d)) continue;
    if (d.defname === 'owned_by') ownedBy = d.arg.List?.items ?? d.arg;
    else if (d.defname === 'restart') throw notSupported('RESTART in CREATE SEQUENCE');
    else throw notSupported(`sequence option ${d.defname}`);
  }
  const { type, increment, min, max, start, cache, cycle } = state;
  const [typeMin, typeMax] = TYPE_RANGE[type]!;
  const lo = min ?? (increment > 0n ? 1n : typeMin);
  const hi = max ?? (increment > 0n ? typeMax : -1n);
  if (lo < typeMin || lo > typeMax) throw invalid(`MINVALUE (${lo}) is out of range for sequence data type ${TYPE_NAME[type]}`);
  if (hi < typeMin || hi > typeMax) throw invalid(`MAXVALUE (${hi}) is out of range for sequence data type ${TYPE_NAME[type]}`);
  if (lo >= hi) throw invalid(`MINVALUE (${lo}) must be less than MAXVALUE (${hi})`);
  const first = start ?? (increment > 0n ? lo : hi);
  if (first < lo) throw invalid(`START value (${first}) cannot be less than MINVALUE (${lo})`);
  if (first > hi) throw invalid(`START value (${first}) cannot be greater than MAXVALUE (${hi})`);
  return {
    options: { typeOid: type, start: String(first), increment: String(increment), min: String(lo), max: String(hi), cache: String(cache), cycle },
    ownedBy,
  };
}

function sequenceRecord(session: Session, catalog: CatalogTxn, namespaceOid: number, name: string, options: SequenceOptions): RelationRecord {
  return {
    kind: 'relation',
    oid: catalog.allocateOid(),
    dbOid: session.dbOid,
    namespaceOid,
    name,
    relkind: 'S',
    ownerOid: BOOTSTRAP_SUPERUSER_OID,
    relfilenode: 0,
    columns: [],
    primaryKey: [],
    sequence: options,
  };
}

/** The sequence of a serial or identity column: `table_column_seq`, owned by the column. */
export function createOwnedSequence(
  session: Session,
  catalog: CatalogTxn,
  namespaceOid: number,
  table: RelationRecord,
  column: ColumnRecord,
  usedNames: Set<string>,
  identityOptions: Node[] = [],
): RelationRecord {
  // an identity column's options may name its sequence (SEQUENCE NAME x)
  const named = identityOptions.find((o) => o.DefElem?.defname === 'sequence_name');
  const explicit = named ? (named.DefElem.arg.List.items as Node[]).map((n) => n.String.sval as string) : null;
  const name = explicit ? explicit[explicit.length - 1]! : chooseName(table.name, column.name, 'seq', (n) => relationNameTaken(catalog, namespaceOid, n, usedNames));
  if (explicit && relationNameTaken(catalog, namespaceOid, name, usedNames)) throw new DbError(SqlState.DuplicateTable, `relation "${name}" already exists`);
  usedNames.add(name);
  const { options } = sequenceOptions(
    session,
    catalog,
    column.typeOid,
    identityOptions.filter((o) => o.DefElem?.defname !== 'sequence_name'),
  );
  const seq = { ...sequenceRecord(session, catalog, namespaceOid, name, options), ownedBy: { tableOid: table.oid, attnum: column.attnum } };
  catalog.put(seq);
  return seq;
}

export function prepareCreateSequence(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.CreateSeqStmt;
  return utilityStatement(parsed.kind, null, () => {
    const rv = stmt.sequence;
    if (rv.relpersistence === 't') throw notSupported('temporary sequences');
    const catalog = session.transaction.catalog;
    const ns = creationNamespace(session, catalog, rv.schemaname, rv.location);
    const name = truncateIdentifier(rv.relname);
    if (catalog.relationByName(ns.oid, name) || catalog.typeByName(ns.oid, name)) {
      if (stmt.if_not_exists) {
        session.notice('NOTICE', `relation "${name}" already exists, skipping`);
        return { tag: 'CREATE SEQUENCE' };
      }
      throw new DbError(SqlState.DuplicateTable, `relation "${name}" already exists`);
    }
    const { options, ownedBy } = sequenceOptions(session, catalog, Oid.int8, stmt.options ?? []);
    let seq = sequenceRecord(session, catalog, ns.oid, name, options);
    if (ownedBy && !(ownedBy.length === 1 && ownedBy[0].String?.sval === 'none')) {
      const parts = ownedBy.map((n: Node) => n.String.sval as string);
      if (parts.length < 2) throw new DbError(SqlState.SyntaxError, 'invalid OWNED BY option', { hint: 'Specify OWNED BY table.column or OWNED BY NONE.' });
      const column = parts.pop()!;
      const table = requireRelation(session, catalog, parts.length === 2 ? { schema: parts[0], name: parts[1]! } : { name: parts[0]! }, ['r']);
      const col = table.columns.find((c) => c.name === column && !c.dropped);
      if (!col) throw new DbError(SqlState.UndefinedColumn, `column "${column}" of relation "${table.name}" does not exist`);
      if (table.namespaceOid !== ns.oid) throw new DbError(SqlState.ObjectNotInPrerequisiteState, 'sequence must be in same schema as table it is linked to');
      seq = { ...seq, ownedBy: { tableOid: table.oid, attnum: col.attnum } };
    }
    catalog.put(seq);
    return { tag: 'CREATE SEQUENCE' };
  });
}
