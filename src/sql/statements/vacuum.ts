// VACUUM and ANALYZE, checked as PostgreSQL checks them and then done: Treeline's B+trees hold
// no dead row versions to reclaim (deletes remove their entries at commit), and its planner
// reads exact table sizes instead of sampled statistics, so neither has work left to do.
// What a client sees is PostgreSQL's: options validated (42601), relations and columns looked up
// (42P01, 42703), views and other non-tables skipped with a WARNING, VACUUM refused inside a
// transaction block (25001), and the VACUUM / ANALYZE command tag.
import type { RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState } from '../../errors.js';
import { targetRelation } from '../ddl/target-relation.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from './utility.js';

const VACUUM_OPTIONS = new Set(['verbose', 'skip_locked', 'analyze', 'freeze', 'full', 'disable_page_skipping', 'process_toast', 'truncate', 'index_cleanup', 'parallel']);
const ANALYZE_OPTIONS = new Set(['verbose', 'skip_locked']);

export function prepareVacuum(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.VacuumStmt as Node;
  const vacuum = stmt.is_vacuumcmd === true;
  const word = vacuum ? 'VACUUM' : 'ANALYZE';
  const options = ((stmt.options ?? []) as Node[]).map((o) => o.DefElem as Node);
  for (const o of options) {
    if (!(vacuum ? VACUUM_OPTIONS : ANALYZE_OPTIONS).has(o.defname as string)) {
      throw new DbError(SqlState.SyntaxError, `unrecognized ${word} option "${o.defname as string}"`, { position: (o.location as number) + 1 });
    }
  }
  const analyze = !vacuum || options.some((o) => o.defname === 'analyze' && o.arg?.String?.sval !== 'false');
  return utilityStatement(parsed.kind, null, () => {
    if (vacuum && (session.inTransactionBlock || session.inImplicitBlock)) {
      throw new DbError(SqlState.ActiveSqlTransaction, 'VACUUM cannot run inside a transaction block');
    }
    for (const rel of (stmt.rels ?? []) as Node[]) {
      const target = rel.VacuumRelation as Node;
      const columns = ((target.va_cols ?? []) as Node[]).map((c) => c.String.sval as string);
      if (columns.length > 0 && !analyze) throw new DbError(SqlState.FeatureNotSupported, 'ANALYZE option must be specified when a column list is provided');
      const r = targetRelation(session, target.relation, false)!;
      if (r.relkind !== 'r') {
        session.notice('WARNING', `skipping "${r.name}" --- cannot ${vacuum ? 'vacuum' : 'analyze'} non-tables or special system tables`);
        continue;
      }
      checkColumns(r, columns);
    }
    return { tag: word };
  });
}

function checkColumns(r: RelationRecord, names: readonly string[]): void {
  for (const name of names) {
    if (!r.columns.some((c) => !c.dropped && c.name === name)) {
      throw new DbError(SqlState.UndefinedColumn, `column "${name}" of relation "${r.name}" does not exist`);
    }
  }
}
