// ALTER SEQUENCE [IF EXISTS] name options (PostgreSQL's AlterSequence and init_params with
// isInit false): AS type, INCREMENT, MINVALUE / NO MINVALUE, MAXVALUE / NO MAXVALUE, START,
// RESTART [WITH], CACHE, [NO] CYCLE, OWNED BY table.column | NONE. Only the options given
// change; a new type moves bounds that were the old type's limits to the new type's. The new
// options commit with the transaction; RESTART sets the value at once (the next nextval returns
// it) and a rollback puts the old value back. The options of identity columns
// (ALTER TABLE ... ALTER COLUMN ... SET ...) go through here too.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord, SequenceOptions } from '../../catalog/objects.js';
import { DbError, SqlState } from '../../errors.js';
import { requireRelation } from '../catalog-access.js';
import { targetRelation } from './target-relation.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from '../statements/utility.js';
import { applySequenceOption, invalid, numberArg, TYPE_NAME, TYPE_RANGE, type OptionState } from './sequence-options.js';
import { Oid } from '../types/oids.js';

export interface AlteredSequence {
  options: SequenceOptions;
  /** RESTART: the value the next nextval returns. */
  restart: bigint | null;
  /** OWNED BY: the name list (`none` alone for NONE). */
  ownedBy: string[] | null;
  /** An option PostgreSQL rewrites the sequence for was given (its log_cnt drops to 0). */
  resetsLog: boolean;
}

/** The options after which PostgreSQL's init_params sets log_cnt to 0 (not START, not OWNED BY). */
const LOG_RESETTING = new Set(['as', 'increment', 'minvalue', 'maxvalue', 'restart', 'cache', 'cycle']);

/** The options after ALTER SEQUENCE options `defs`, checked as PostgreSQL checks them. */
export function alterOptions(session: Session, catalog: CatalogTxn, old: SequenceOptions, defs: Node[]): AlteredSequence {
  const state: OptionState = { type: old.typeOid, increment: BigInt(old.increment), min: undefined, max: undefined, start: BigInt(old.start), cache: BigInt(old.cache), cycle: old.cycle };
  let restart: bigint | null | undefined;
  let ownedBy: string[] | null = null;
  for (const def of defs) {
    const d = def.DefElem;
    if (applySequenceOption(session, catalog, state, d)) continue;
    if (d.defname === 'restart') restart = d.arg ? numberArg(d) : null;
    else if (d.defname === 'owned_by') ownedBy = ((d.arg.List?.items ?? d.arg) as Node[]).map((n) => n.String.sval as string);
    else throw new DbError(SqlState.SyntaxError, `option "${d.defname}" not recognized`);
  }
  const { type, increment, min, max, cache, cycle } = state;
  const start = state.start!;
  const [typeMin, typeMax] = TYPE_RANGE[type]!;
  const [oldTypeMin, oldTypeMax] = TYPE_RANGE[old.typeOid]!;
  const oldMin = BigInt(old.min);
  const oldMax = BigInt(old.max);
  // NO MINVALUE / NO MAXVALUE, or a new type when the bound was the old type's limit
  let hi: bigint;
  if (max === null || (max === undefined && type !== old.typeOid && (oldMax === oldTypeMax || oldMax > typeMax))) hi = increment > 0n ? typeMax : -1n;
  else hi = max ?? oldMax;
  let lo: bigint;
  if (min === null || (min === undefined && type !== old.typeOid && (oldMin === oldTypeMin || oldMin < typeMin))) lo = increment > 0n ? 1n : typeMin;
  else lo = min ?? oldMin;
  if (hi < typeMin || hi > typeMax) throw invalid(`MAXVALUE (${hi}) is out of range for sequence data type ${TYPE_NAME[type]}`);
  if (lo < typeMin || lo > typeMax) throw invalid(`MINVALUE (${lo}) is out of range for sequence data type ${TYPE_NAME[type]}`);
  if (lo >= hi) throw invalid(`MINVALUE (${lo}) must be less than MAXVALUE (${hi})`);
  if (start < lo) throw invalid(`START value (${start}) cannot be less than MINVALUE (${lo})`);
  if (start > hi) throw invalid(`START value (${start}) cannot be greater than MAXVALUE (${hi})`);
  const restartAt = restart === undefined ? null : (restart ?? start);
  if (restartAt !== null && restartAt < lo) throw invalid(`RESTART value (${restartAt}) cannot be less than MINVALUE (${lo})`);
  if (restartAt !== null && restartAt > hi) throw invalid(`RESTART value (${restartAt}) cannot be greater than MAXVALUE (${hi})`);
  return {
    options: { typeOid: type, start: String(start), increment: String(increment), min: String(lo), max: String(hi), cache: String(cache), cycle },
    restart: restartAt,
    ownedBy,
    resetsLog: defs.some((d) => LOG_RESETTING.has(d.DefElem.defname as string)),
  };
}

/** Sets a sequence's next value now (RESTART); a rollback restores the value it had. */
export function restartSequence(session: Session, seq: RelationRecord, options: SequenceOptions, value: bigint): void {
  const store = session.cluster.catalog.sequences;
  const before = store.peek(session.dbOid, seq.oid, seq.sequence!);
  const old = seq.sequence!;
  store.setval(session.dbOid, seq.oid, seq.name, options, value, false);
  session.transaction.afterAbort(() => {
    const wide: SequenceOptions = { ...old, min: String(before.last < BigInt(old.min) ? before.last : old.min), max: String(before.last > BigInt(old.max) ? before.last : old.max) };
    store.setval(session.dbOid, seq.oid, seq.name, wide, before.last, before.isCalled);
  });
}

/** Applies altered options to a sequence: catalog record, value, owner column. */
export function applyAlteredSequence(session: Session, catalog: CatalogTxn, seq: RelationRecord, altered: AlteredSequence, identity: boolean): void {
  // the value before the change stays (START only matters for a later RESTART); this session's
  // cached values are given up, and most options make the next nextval log the state again
  if (altered.resetsLog) session.cluster.catalog.sequences.resetLog(session.dbOid, seq.oid, seq.sequence!);
  session.sequences.forgetCache(seq.oid);
  let next: RelationRecord = { ...seq, sequence: altered.options };
  if (altered.ownedBy) {
    if (identity || isIdentitySequence(catalog, seq)) {
      const table = catalog.get(seq.ownedBy!.tableOid) as RelationRecord;
      throw new DbError(SqlState.FeatureNotSupported, 'cannot change ownership of identity sequence', {
        detail: `Sequence "${seq.name}" is linked to table "${table.name}".`,
      });
    }
    next = ownedByColumn(session, catalog, next, altered.ownedBy);
  }
  catalog.put(next);
  if (altered.restart !== null) restartSequence(session, seq, altered.options, altered.restart);
}

function isIdentitySequence(catalog: CatalogTxn, seq: RelationRecord): boolean {
  if (!seq.ownedBy) return false;
  const table = catalog.get(seq.ownedBy.tableOid);
  return table?.kind === 'relation' && table.columns[seq.ownedBy.attnum - 1]?.identity !== '' && table.columns[seq.ownedBy.attnum - 1]?.sequenceOid === seq.oid;
}

/** OWNED BY table.column / NONE. */
function ownedByColumn(session: Session, catalog: CatalogTxn, seq: RelationRecord, names: string[]): RelationRecord {
  if (names.length === 1 && names[0] === 'none') {
    const { ownedBy: _dropped, ...rest } = seq;
    return rest;
  }
  if (names.length < 2) throw new DbError(SqlState.SyntaxError, 'invalid OWNED BY option', { hint: 'Specify OWNED BY table.column or OWNED BY NONE.' });
  const parts = names.slice();
  const column = parts.pop()!;
  const table = requireRelation(session, catalog, parts.length >= 2 ? { schema: parts[parts.length - 2], name: parts[parts.length - 1]! } : { name: parts[0]! }, ['r', 'v']);
  if (table.namespaceOid !== seq.namespaceOid) throw new DbError(SqlState.ObjectNotInPrerequisiteState, 'sequence must be in same schema as table it is linked to');
  const col = table.columns.find((c) => !c.dropped && c.name === column);
  if (!col) throw new DbError(SqlState.UndefinedColumn, `column "${column}" of relation "${table.name}" does not exist`);
  return { ...seq, ownedBy: { tableOid: table.oid, attnum: col.attnum } };
}

/** An identity column's sequence takes the column's new type (ALTER COLUMN ... TYPE). */
export function alterSequenceType(session: Session, catalog: CatalogTxn, seqOid: number, type: number): void {
  const seq = catalog.get(seqOid);
  if (seq?.kind !== 'relation' || !seq.sequence) return;
  const as = { DefElem: { defname: 'as', arg: { TypeName: { names: [{ String: { sval: 'pg_catalog' } }, { String: { sval: type === Oid.int2 ? 'int2' : type === Oid.int4 ? 'int4' : 'int8' } }], typemod: -1 } } } };
  applyAlteredSequence(session, catalog, seq, alterOptions(session, catalog, seq.sequence, [as]), true);
}

export function prepareAlterSequence(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.AlterSeqStmt;
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable('ALTER SEQUENCE');
    const catalog = session.transaction.catalog;
    const seq = targetRelation(session, stmt.sequence, stmt.missing_ok === true);
    if (!seq) return { tag: 'ALTER SEQUENCE' };
    if (seq.relkind !== 'S' || !seq.sequence) throw new DbError(SqlState.WrongObjectType, `"${seq.name}" is not a sequence`);
    applyAlteredSequence(session, catalog, seq, alterOptions(session, catalog, seq.sequence, (stmt.options ?? []) as Node[]), false);
    return { tag: 'ALTER SEQUENCE' };
  });
}
