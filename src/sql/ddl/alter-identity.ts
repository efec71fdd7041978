// Identity columns changed by ALTER TABLE (PostgreSQL's ATExecAddIdentity, ATExecSetIdentity,
// ATExecDropIdentity): ALTER COLUMN c ADD GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(options)]
// gives a NOT NULL integer column without a default its own sequence (existing rows keep their
// values); SET GENERATED ..., SET sequence options and RESTART [WITH n] change it; DROP IDENTITY
// [IF EXISTS] drops the sequence and leaves the column NOT NULL without a default.
import { DbError, SqlState } from '../../errors.js';
import type { Node } from '../parser.js';
import { Oid } from '../types/oids.js';
import type { AlterWork } from './alter-table-work.js';
import { alterOptions, applyAlteredSequence } from './alter-sequence.js';
import { dropRelation } from './drop.js';
import { createOwnedSequence } from './sequence-ddl.js';
import type { RelationRecord } from '../../catalog/objects.js';

const INTEGER_TYPES = new Set<number>([Oid.int2, Oid.int4, Oid.int8]);

function prerequisite(message: string): DbError {
  return new DbError(SqlState.ObjectNotInPrerequisiteState, message);
}

export function addIdentity(work: AlterWork, name: string, con: Node): void {
  const table = work.table;
  const column = work.column(name);
  if (!INTEGER_TYPES.has(column.typeOid)) throw new DbError(SqlState.InvalidParameterValue, 'identity column type must be smallint, integer, or bigint');
  const what = `column "${column.name}" of relation "${table.name}"`;
  if (!column.notNull) throw prerequisite(`${what} must be declared NOT NULL before identity can be added`);
  if (column.identity) throw prerequisite(`${what} is already an identity column`);
  if (column.defaultExpr !== null || column.generated !== undefined) throw prerequisite(`${what} already has a default value`);
  const seq = createOwnedSequence(work.session, work.catalog, table.namespaceOid, table, column, new Set(), (con.options ?? []) as Node[]);
  work.putColumn({ ...column, identity: con.generated_when === 'a' ? 'a' : 'd', sequenceOid: seq.oid });
}

export function setIdentity(work: AlterWork, name: string, defs: Node[]): void {
  const { session, catalog } = work;
  const table = work.table;
  const column = work.column(name);
  if (!column.identity) throw prerequisite(`column "${column.name}" of relation "${table.name}" is not an identity column`);
  const generated = defs.find((d) => d.DefElem.defname === 'generated');
  const options = defs.filter((d) => d.DefElem.defname !== 'generated');
  if (generated) {
    const v = generated.DefElem.arg?.Integer?.ival;
    work.putColumn({ ...column, identity: v === 97 ? 'a' : 'd' });
  }
  if (options.length === 0) return;
  const seq = catalog.get(column.sequenceOid) as RelationRecord | undefined;
  if (!seq?.sequence) throw new DbError(SqlState.InternalError, `identity column "${column.name}" has no sequence`);
  applyAlteredSequence(session, catalog, seq, alterOptions(session, catalog, seq.sequence, options), true);
}

export function dropIdentity(work: AlterWork, name: string, missingOk: boolean): void {
  const { session, catalog } = work;
  const table = work.table;
  const column = work.column(name);
  if (!column.identity) {
    const message = `column "${column.name}" of relation "${table.name}" is not an identity column`;
    if (!missingOk) throw prerequisite(message);
    session.notice('NOTICE', `${message}, skipping`);
    return;
  }
  const seq = catalog.get(column.sequenceOid);
  work.putColumn({ ...column, identity: '', sequenceOid: 0 });
  if (seq?.kind === 'relation') dropRelation(session, catalog, seq, true);
}
