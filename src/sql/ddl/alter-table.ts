// ALTER TABLE [IF EXISTS] [ONLY] name action [, ...] (PostgreSQL's AlterTable): the actions
// run in PostgreSQL's passes — drops, type changes, added columns, column attributes, indexes,
// constraints, defaults, the rest — each changing the catalog at once, then one last phase
// rewrites the table when its stored rows must change (alter-table-work.ts says when) or else
// scans it to verify new NOT NULL and CHECK constraints, and verifies new foreign keys.
// ALTER INDEX / VIEW / SEQUENCE share the statement (OWNER TO, and the errors for actions
// their relations do not have).
import type { RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from '../statements/utility.js';
import { addColumn, dropColumnCommand, dropExpression, setColumnDefault, setNotNull, dropNotNull } from './alter-columns.js';
import { alterColumnType } from './alter-column-type.js';
import { addConstraint, dropConstraint, validateConstraint } from './alter-constraints.js';
import { addIdentity, dropIdentity, setIdentity } from './alter-identity.js';
import { AlterWork, Pass } from './alter-table-work.js';
import { changeRelationOwner, checkOwner } from './alter-owner.js';
import { targetRelation } from './target-relation.js';

const TAGS: Record<string, string> = {
  OBJECT_TABLE: 'ALTER TABLE',
  OBJECT_INDEX: 'ALTER INDEX',
  OBJECT_VIEW: 'ALTER VIEW',
  OBJECT_SEQUENCE: 'ALTER SEQUENCE',
  OBJECT_MATVIEW: 'ALTER MATERIALIZED VIEW',
  OBJECT_FOREIGN_TABLE: 'ALTER FOREIGN TABLE',
};

/** What an ALTER TABLE action is called in PostgreSQL's "cannot be performed" errors. */
const ACTION_NAMES: Record<string, string> = {
  AT_AddColumn: 'ADD COLUMN',
  AT_DropColumn: 'DROP COLUMN',
  AT_AlterColumnType: 'ALTER COLUMN ... SET DATA TYPE',
  AT_ColumnDefault: 'ALTER COLUMN ... SET DEFAULT',
  AT_SetNotNull: 'ALTER COLUMN ... SET NOT NULL',
  AT_DropNotNull: 'ALTER COLUMN ... DROP NOT NULL',
  AT_AddConstraint: 'ADD CONSTRAINT',
  AT_DropConstraint: 'DROP CONSTRAINT',
  AT_ValidateConstraint: 'VALIDATE CONSTRAINT',
  AT_AddIdentity: 'ALTER COLUMN ... ADD IDENTITY',
  AT_SetIdentity: 'ALTER COLUMN ... SET',
  AT_DropIdentity: 'ALTER COLUMN ... DROP IDENTITY',
  AT_DropExpression: 'ALTER COLUMN ... DROP EXPRESSION',
};

const KIND_PLURAL: Record<string, string> = { v: 'views', S: 'sequences', i: 'indexes', r: 'tables' };

export function prepareAlterTable(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.AlterTableStmt;
  const tag = TAGS[stmt.objtype as string] ?? 'ALTER TABLE';
  return utilityStatement(parsed.kind, null, () => {
    session.requireWritable(tag);
    alterTable(session, stmt, parsed.query.text);
    return { tag };
  });
}

/** The relation an ALTER names, checked against the statement's object type. */
function alterTarget(session: Session, stmt: Node): RelationRecord | null {
  const r = targetRelation(session, stmt.relation, stmt.missing_ok === true);
  if (!r) return null;
  if (r.system) throw new DbError(SqlState.InsufficientPrivilege, `permission denied: "${r.name}" is a system catalog`);
  const objtype = stmt.objtype as string;
  if (objtype === 'OBJECT_INDEX' && r.relkind !== 'i') throw new DbError(SqlState.WrongObjectType, `"${r.name}" is not an index`);
  if (objtype === 'OBJECT_SEQUENCE' && r.relkind !== 'S') throw new DbError(SqlState.WrongObjectType, `"${r.name}" is not a sequence`);
  if (objtype === 'OBJECT_VIEW' && r.relkind !== 'v') throw new DbError(SqlState.WrongObjectType, `"${r.name}" is not a view`);
  return r;
}

/** The pass an action runs in (PostgreSQL's AT_PASS_*). */
function passOf(cmd: Node): Pass {
  switch (cmd.subtype as string) {
    case 'AT_DropColumn':
    case 'AT_DropConstraint':
    case 'AT_DropNotNull':
    case 'AT_DropIdentity':
    case 'AT_DropExpression':
      return Pass.Drop;
    case 'AT_ColumnDefault':
      return cmd.def ? Pass.AddOtherConstraint : Pass.Drop;
    case 'AT_AlterColumnType':
      return Pass.AlterType;
    case 'AT_AddColumn':
      return Pass.AddColumn;
    case 'AT_SetNotNull':
    case 'AT_AddIdentity':
    case 'AT_SetIdentity':
      return Pass.ColumnAttributes;
    case 'AT_AddConstraint': {
      const t = cmd.def?.Constraint?.contype as string;
      return t === 'CONSTR_PRIMARY' || t === 'CONSTR_UNIQUE' ? Pass.AddIndex : Pass.AddConstraint;
    }
    default:
      return Pass.Misc;
  }
}

function alterTable(session: Session, stmt: Node, text: string): void {
  const table = alterTarget(session, stmt);
  if (!table) return;
  const cmds = ((stmt.cmds ?? []) as Node[]).map((c) => c.AlterTableCmd as Node);
  // actions a relation of this kind does not have fail before anything changes
  for (const cmd of cmds) {
    if (cmd.subtype === 'AT_ChangeOwner') continue;
    if (table.relkind === 'v' && cmd.subtype === 'AT_ColumnDefault') throw notSupported('column defaults on views');
    if (table.relkind !== 'r') {
      const action = ACTION_NAMES[cmd.subtype as string];
      if (!action) break;
      throw new DbError(SqlState.WrongObjectType, `ALTER action ${action} cannot be performed on relation "${table.name}"`, {
        detail: `This operation is not supported for ${KIND_PLURAL[table.relkind]}.`,
      });
    }
  }
  const work = new AlterWork(session, session.transaction.catalog, table, text);
  for (const cmd of cmds) work.schedule(passOf(cmd), () => runCommand(work, cmd));
  work.run();
  work.finish();
}

function runCommand(work: AlterWork, cmd: Node): void {
  const subtype = cmd.subtype as string;
  switch (subtype) {
    case 'AT_AddColumn':
      return addColumn(work, cmd.def.ColumnDef, cmd.missing_ok === true);
    case 'AT_DropColumn':
      return dropColumnCommand(work, cmd.name, cmd.missing_ok === true, cmd.behavior === 'DROP_CASCADE');
    case 'AT_AlterColumnType':
      return alterColumnType(work, cmd.name, cmd.def.ColumnDef);
    case 'AT_ColumnDefault':
      return setColumnDefault(work, cmd.name, cmd.def ?? null);
    case 'AT_SetNotNull':
      return setNotNull(work, cmd.name);
    case 'AT_DropNotNull':
      return dropNotNull(work, cmd.name);
    case 'AT_AddConstraint':
      return addConstraint(work, cmd.def.Constraint);
    case 'AT_DropConstraint':
      return dropConstraint(work, cmd.name, cmd.missing_ok === true, cmd.behavior === 'DROP_CASCADE');
    case 'AT_ValidateConstraint':
      return validateConstraint(work, cmd.name);
    case 'AT_AddIdentity':
      return addIdentity(work, cmd.name, cmd.def.Constraint);
    case 'AT_SetIdentity':
      return setIdentity(work, cmd.name, (cmd.def?.List?.items ?? []) as Node[]);
    case 'AT_DropIdentity':
      return dropIdentity(work, cmd.name, cmd.missing_ok === true);
    case 'AT_DropExpression':
      return dropExpression(work, cmd.name, cmd.missing_ok === true);
    case 'AT_ChangeOwner':
      return changeRelationOwner(work.session, work.table, checkOwner(work.session, cmd.newowner));
    case 'AT_SetRelOptions':
    case 'AT_ResetRelOptions':
    case 'AT_SetStatistics':
    case 'AT_SetStorage':
    case 'AT_SetCompression':
    case 'AT_ClusterOn':
    case 'AT_DropCluster':
    case 'AT_SetLogged':
    case 'AT_SetAccessMethod':
    case 'AT_SetOptions':
    case 'AT_ResetOptions':
      // storage tuning that has no effect here; PostgreSQL's checks of the names still apply
      if (cmd.name !== undefined && work.table.relkind === 'r') work.column(cmd.name);
      return;
    case 'AT_SetUnLogged':
      throw notSupported('unlogged tables');
    default:
      throw notSupported(`ALTER TABLE ${subtype.replace(/^AT_/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase()}`);
  }
}
