// TRUNCATE [TABLE] [ONLY] name [, ...] [RESTART IDENTITY | CONTINUE IDENTITY] [CASCADE |
// RESTRICT] (PostgreSQL's ExecuteTruncate): each table gets new, empty files, swapped in when
// the transaction commits (a rollback keeps the old ones, rows and all). A table referenced by
// a foreign key from a table not truncated with it stops the statement (0A000) unless CASCADE,
// which truncates the referencing tables too (NOTICE "truncate cascades to table ..."). RESTART
// IDENTITY restarts the sequences the tables' serial and identity columns own.
import type { RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState } from '../../errors.js';
import { targetRelation } from './target-relation.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from '../statements/utility.js';
import { restartSequence } from './alter-sequence.js';
import { rewriteTable } from './table-rewrite.js';

export function prepareTruncate(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.TruncateStmt;
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable('TRUNCATE TABLE');
    truncate(session, (stmt.relations ?? []) as Node[], stmt.restart_seqs === true, stmt.behavior === 'DROP_CASCADE');
    return { tag: 'TRUNCATE TABLE' };
  });
}

function truncate(session: Session, relations: Node[], restartIdentity: boolean, cascade: boolean): void {
  const catalog = session.transaction.catalog;
  const tables: RelationRecord[] = [];
  for (const item of relations) {
    const r = targetRelation(session, item.RangeVar, false)!;
    if (r.system) throw new DbError(SqlState.InsufficientPrivilege, `permission denied: "${r.name}" is a system catalog`);
    if (r.relkind !== 'r') throw new DbError(SqlState.WrongObjectType, `"${r.name}" is not a table`);
    if (!tables.some((t) => t.oid === r.oid)) tables.push(r);
  }
  const foreignKeys = [...catalog.records()].filter((c) => c.kind === 'constraint' && c.contype === 'f');
  const referencing = (oid: number) => foreignKeys.filter((c) => c.kind === 'constraint' && c.foreignKey!.refTableOid === oid && c.tableOid !== oid);
  if (cascade) {
    for (let i = 0; i < tables.length; i++) {
      for (const fk of referencing(tables[i]!.oid)) {
        if (fk.kind !== 'constraint' || tables.some((t) => t.oid === fk.tableOid)) continue;
        const child = catalog.get(fk.tableOid) as RelationRecord;
        session.notice('NOTICE', `truncate cascades to table "${child.name}"`);
        tables.push(child);
      }
    }
  } else {
    for (const t of tables) {
      for (const fk of referencing(t.oid)) {
        if (fk.kind !== 'constraint' || tables.some((k) => k.oid === fk.tableOid)) continue;
        const child = catalog.get(fk.tableOid) as RelationRecord;
        throw new DbError(SqlState.FeatureNotSupported, 'cannot truncate a table referenced in a foreign key constraint', {
          detail: `Table "${child.name}" references "${t.name}".`,
          hint: `Truncate table "${child.name}" at the same time, or use TRUNCATE ... CASCADE.`,
        });
      }
    }
  }
  for (const t of tables) {
    rewriteTable(session, catalog, t.oid, { from: catalog.get(t.oid) as RelationRecord, empty: true });
    if (!restartIdentity) continue;
    for (const d of catalog.dependentsOf(t.oid)) {
      if (d.kind !== 'relation' || d.relkind !== 'S' || !d.sequence) continue;
      restartSequence(session, d, d.sequence, BigInt(d.sequence.start));
    }
  }
}
