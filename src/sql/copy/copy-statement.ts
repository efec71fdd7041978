// COPY as a statement (PostgreSQL's DoCopy): everything happens when the portal runs, in
// PostgreSQL's order of checks — the table, the WHERE clause, the column list, the read-only
// rule, the options, the FORCE_* lists, the file — then:
//   COPY t FROM STDIN    -> a copy-in request: the protocol layer feeds the client's data to a
//                           CopyLoader (the table kind and FREEZE are checked once it begins)
//   COPY t FROM 'file'   -> the file is read in chunks into a CopyLoader
//   COPY t|(query) TO STDOUT -> a copy-out request over a CopyWriter
//   COPY t|(query) TO 'file' -> the CopyWriter's output written to the file
// COPY ... PROGRAM is refused (0A000).
import { DbError, SqlState, notSupported } from '../../errors.js';
import { ParamTypes, ParseState } from '../analyze/parse-state.js';
import { requireRelation, tableShape } from '../catalog-access.js';
import { analyzeWhere, targetTable, type TargetTable } from '../dml/target-table.js';
import { columnDefaults } from '../dml/insert.js';
import type { RuntimeContext } from '../expr/compile.js';
import type { Expr } from '../expr/expr.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { RelationRecord } from '../../catalog/objects.js';
import type { Session } from '../session.js';
import type { CopyInRequest, CopyOutRequest, Portal, PortalResult, Prepared } from '../statement.js';
import { prepareDml } from '../statements/dml-statement.js';
import { prepareSelect } from '../statements/select-statement.js';
import { CopyLoader, type CopyFromPlan } from './copy-from.js';
import { CopyWriter, iteratorRows, portalRows, type OutputColumnInfo, type RowSource } from './copy-to.js';
import { parseCopyOptions, type CopyOptions } from './options.js';
import { readServerFile, ServerFileWriter } from './server-file.js';

export function prepareCopy(session: Session, parsed: ParsedStatement): Prepared {
  return {
    paramTypes: [],
    columns: null,
    kind: parsed.kind,
    bind(): Portal {
      let ran = false;
      return {
        columns: null,
        run(): PortalResult | Promise<PortalResult> {
          if (ran) return { rows: [], done: true, tag: 'COPY 0' };
          ran = true;
          return runCopy(session, parsed);
        },
      };
    },
  };
}

function runCopy(session: Session, parsed: ParsedStatement): PortalResult | Promise<PortalResult> {
  const stmt = parsed.stmt.CopyStmt;
  if (stmt.is_program) throw notSupported(stmt.is_from ? 'COPY FROM PROGRAM' : 'COPY TO PROGRAM');
  session.snapshotTaken = true;
  const ps = new ParseState(parsed.query, new ParamTypes([], false), session.types, { session, catalog: session.transaction.catalog });
  const ctx = session.runtime([]);
  if (!stmt.relation) return copyQueryTo(session, parsed, ps);
  const rv = stmt.relation;
  const catalog = session.transaction.catalog;
  const record = requireRelation(session, catalog, { schema: rv.schemaname, name: rv.relname }, ['r', 'v', 'S']);
  if (stmt.is_from) return copyFrom(session, stmt, ps, ctx, record);
  return copyTableTo(session, stmt, ps, ctx, record);
}

/**
 * Column positions of a column list (all columns but generated ones without one): 42703,
 * 42701, and 42P10 for a generated column (COPY neither reads nor writes them).
 */
function columnList(names: readonly string[] | null, record: RelationRecord): number[] {
  if (!names) return record.columns.flatMap((c, i) => (c.dropped || c.generated !== undefined ? [] : [i]));
  const out: number[] = [];
  for (const name of names) {
    const i = record.columns.findIndex((c) => !c.dropped && c.name === name);
    if (i >= 0 && record.columns[i]!.generated !== undefined) {
      throw new DbError(SqlState.InvalidColumnReference, `column "${name}" is a generated column`, { detail: 'Generated columns cannot be used in COPY.' });
    }
    if (i < 0) throw new DbError(SqlState.UndefinedColumn, `column "${name}" of relation "${record.name}" does not exist`);
    if (out.includes(i)) throw new DbError(SqlState.DuplicateColumn, `column "${name}" specified more than once`);
    out.push(i);
  }
  return out;
}

const attNames = (list: Node[] | undefined): string[] | null => (list ? list.map((n) => n.String.sval as string) : null);

/** A FORCE_* list checked against the table and the COPY's columns (42703, 42701, 42P10). */
function checkForceList(names: string[] | null, option: string, record: RelationRecord, columns: number[]): void {
  if (!names) return;
  for (const i of columnList(names, record)) {
    if (!columns.includes(i)) throw new DbError(SqlState.InvalidColumnReference, `${option} column "${record.columns[i]!.name}" not referenced by COPY`);
  }
}

// ---- COPY FROM ----------------------------------------------------------------------------

function copyFrom(session: Session, stmt: Node, ps: ParseState, ctx: RuntimeContext, record: RelationRecord): PortalResult | Promise<PortalResult> {
  const target = record.relkind === 'r' ? targetTable(ps, { ...stmt.relation, inh: true }) : null;
  const where = target && stmt.whereClause ? analyzeCopyWhere(ps, target, stmt.whereClause) : null;
  const columns = columnList(attNames(stmt.attlist), record);
  session.requireWritable('COPY FROM');
  const options = parseCopyOptions(ps, stmt.options, true);
  checkForceList(options.forceNotNull, 'FORCE_NOT_NULL', record, columns);
  checkForceList(options.forceNull, 'FORCE_NULL', record, columns);
  const defaults = target ? columnDefaults(ps, target) : [];
  const listed = new Set(columns);
  const plan = (t: TargetTable): CopyFromPlan => ({
    target: t,
    columns,
    defaults,
    where,
    rowByRow: (where !== null && hasVolatile(where)) || defaults.some((d, i) => d !== null && !listed.has(i) && hasVolatile(d)),
    options,
    fromFile: stmt.filename !== undefined && stmt.filename !== null,
  });
  // what PostgreSQL checks once the data source is open (after CopyInResponse)
  const begin = (): CopyLoader => {
    if (!target) {
      const kind = record.relkind === 'v' ? 'view' : 'sequence';
      throw new DbError(SqlState.WrongObjectType, `cannot copy to ${kind} "${record.name}"`, {
        hint: kind === 'view' ? 'To enable copying to a view, provide an INSTEAD OF INSERT trigger.' : undefined,
      });
    }
    // created or truncated (given a new file) in this transaction, as PostgreSQL requires
    const committed = session.transaction.catalog.base.catalog(session.dbOid).objects.get(record.oid);
    if (options.freeze && committed?.kind === 'relation' && committed.relfilenode === record.relfilenode) {
      throw new DbError(SqlState.ObjectNotInPrerequisiteState, 'cannot perform COPY FREEZE because the table was not created or truncated in the current subtransaction');
    }
    return new CopyLoader(session, ctx, plan(target));
  };
  if (stmt.filename === undefined || stmt.filename === null) {
    let loader: CopyLoader | null = null;
    const copy: CopyInRequest = {
      direction: 'in',
      format: options.format === 'binary' ? 1 : 0,
      columnCount: columns.length,
      begin: () => {
        loader = begin();
      },
      data: (chunk) => loader!.push(chunk),
      done: () => `COPY ${loader!.finish()}`,
      context: () => loader?.context(),
    };
    return { rows: [], done: true, tag: '', copy };
  }
  const path: string = stmt.filename;
  return (async () => {
    let loader: CopyLoader | null = null;
    await readServerFile(path, session.cluster.dataDir, (chunk) => {
      loader ??= begin();
      loader.push(chunk);
    }, () => session.checkCancel());
    loader ??= begin();
    return { rows: [], done: true, tag: `COPY ${loader.finish()}` };
  })();
}

/** PostgreSQL names these clauses "COPY FROM WHERE conditions"; the shared analysis says WHERE. */
function analyzeCopyWhere(ps: ParseState, target: TargetTable, node: Node): Expr | null {
  const sublink = findNode(node, 'SubLink');
  if (sublink) throw ps.error(SqlState.FeatureNotSupported, 'cannot use subquery in COPY FROM WHERE condition', sublink.location);
  try {
    return analyzeWhere({ ps, scope: null, clause: 'WHERE' }, target, node);
  } catch (err) {
    if (err instanceof DbError && /^(aggregate|window) functions are not allowed in WHERE$/.test(err.message)) {
      throw new DbError(err.code, `${err.message.slice(0, -'WHERE'.length)}COPY FROM WHERE conditions`, { position: err.position });
    }
    throw err;
  }
}

/** The first raw parse node of a kind inside a tree. */
function findNode(node: unknown, kind: string): Node | null {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = findNode(n, kind);
      if (found) return found;
    }
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === kind) return v as Node;
      const found = findNode(v, kind);
      if (found) return found;
    }
  }
  return null;
}

/** Whether an analyzed expression calls a volatile function other than nextval. */
function hasVolatile(e: unknown, seen = new Set<object>()): boolean {
  if (!e || typeof e !== 'object' || seen.has(e)) return false;
  seen.add(e);
  if (Array.isArray(e)) return e.some((x) => hasVolatile(x, seen));
  const proc = (e as { proc?: { provolatile?: string; proname?: string } }).proc;
  if (proc && proc.provolatile === 'v' && proc.proname !== 'nextval') return true;
  return Object.values(e).some((v) => hasVolatile(v, seen));
}

// ---- COPY TO ------------------------------------------------------------------------------

function copyTableTo(session: Session, stmt: Node, ps: ParseState, ctx: RuntimeContext, record: RelationRecord): PortalResult | Promise<PortalResult> {
  const columns = columnList(attNames(stmt.attlist), record);
  if (record.relkind === 'v') {
    throw new DbError(SqlState.WrongObjectType, `cannot copy from view "${record.name}"`, { hint: 'Try the COPY (SELECT ...) TO variant.' });
  }
  if (record.relkind === 'S') throw new DbError(SqlState.WrongObjectType, `cannot copy from sequence "${record.name}"`);
  const options = parseCopyOptions(ps, stmt.options, false);
  const forceQuote = forceQuoteFlags(options, columns.map((i) => record.columns[i]!.name), (names) => {
    const wanted = columnList(names, record);
    for (const i of wanted) if (!columns.includes(i)) throw new DbError(SqlState.InvalidColumnReference, `FORCE_QUOTE column "${record.columns[i]!.name}" not referenced by COPY`);
  });
  const shape = tableShape(session.transaction.catalog, record);
  const access = ctx.table(shape);
  const scan = (function* () {
    for (const r of access.rows()) yield r.row;
  })();
  const info = columns.map((i) => ({ name: record.columns[i]!.name, type: record.columns[i]!.typeOid }));
  return copyTo(session, stmt, options, info, forceQuote, iteratorRows(scan, columns), () => scan.return(undefined));
}

function copyQueryTo(session: Session, parsed: ParsedStatement, ps: ParseState): PortalResult | Promise<PortalResult> {
  const stmt = parsed.stmt.CopyStmt;
  const options = parseCopyOptions(ps, stmt.options, false);
  const query: Node = stmt.query;
  const kind = Object.keys(query)[0]!;
  if (kind === 'SelectStmt' && query.SelectStmt.intoClause) throw new DbError(SqlState.FeatureNotSupported, 'COPY (SELECT INTO) is not supported');
  const inner: ParsedStatement = { stmt: query, kind, text: parsed.text, query: parsed.query };
  let prepared: Prepared;
  if (kind === 'SelectStmt') prepared = prepareSelect(session, inner, null);
  else if (kind === 'InsertStmt' || kind === 'UpdateStmt' || kind === 'DeleteStmt') prepared = prepareDml(session, inner, null);
  else throw notSupported(`COPY of ${kind}`);
  if (!prepared.columns) throw new DbError(SqlState.FeatureNotSupported, 'COPY query must have a RETURNING clause');
  const names = prepared.columns.map((c) => c.name);
  const forceQuote = forceQuoteFlags(options, names, (wanted) => {
    for (const name of wanted) if (!names.includes(name)) throw new DbError(SqlState.UndefinedColumn, `column "${name}" does not exist`);
  });
  const portal = prepared.bind([]);
  const info = prepared.columns.map((c) => ({ name: c.name, type: c.type }));
  return copyTo(session, stmt, options, info, forceQuote, portalRows(portal), () => {});
}

/** FORCE_QUOTE as per-column flags; `check` validates a list of names. */
function forceQuoteFlags(options: CopyOptions, names: string[], check: (wanted: string[]) => void): boolean[] {
  const fq = options.forceQuote;
  if (fq === '*') return names.map(() => true);
  if (!fq) return names.map(() => false);
  check(fq);
  return names.map((n) => fq.includes(n));
}

function copyTo(
  session: Session,
  stmt: Node,
  options: CopyOptions,
  columns: OutputColumnInfo[],
  forceQuote: boolean[],
  source: RowSource,
  close: () => void,
): PortalResult | Promise<PortalResult> {
  const writer = new CopyWriter(session, options, columns, forceQuote, source);
  if (stmt.filename === undefined || stmt.filename === null) {
    const copy: CopyOutRequest = {
      direction: 'out',
      format: options.format === 'binary' ? 1 : 0,
      columnCount: columns.length,
      next: () => writer.next(),
      tag: () => `COPY ${writer.count}`,
      close,
    };
    return { rows: [], done: true, tag: '', copy };
  }
  let file: ServerFileWriter;
  try {
    file = new ServerFileWriter(stmt.filename);
  } catch (err) {
    close();
    throw err;
  }
  const finish = (): PortalResult => {
    file.close();
    return { rows: [], done: true, tag: `COPY ${writer.count}` };
  };
  const fail = (err: unknown): never => {
    close();
    file.close(false);
    throw err;
  };
  // rows are written as they come; only a source that waits (pg_sleep) makes this asynchronous
  const pump = (): PortalResult | Promise<PortalResult> => {
    try {
      for (let n = 1; ; n++) {
        const piece = writer.next();
        if (piece instanceof Promise) return piece.then((p) => (p === null ? finish() : (file.write(p), pump())), fail);
        if (piece === null) return finish();
        file.write(piece);
        if ((n & 0x3ff) === 0) session.checkCancel();
      }
    } catch (err) {
      return fail(err);
    }
  };
  return pump();
}
