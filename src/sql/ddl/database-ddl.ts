// CREATE DATABASE and DROP DATABASE. Like PostgreSQL, neither runs inside a transaction block
// and both take effect at once: a new database is a copy of its template's catalog objects
// and relation files; a dropped one loses its catalog and its directory. A database with
// other sessions connected cannot be dropped (or copied, as a template).
import { BOOTSTRAP_SUPERUSER_OID } from '../../catalog/catalog-store.js';
import type { DatabaseRecord } from '../../catalog/objects.js';
import { DbError, SqlState, notSupported } from '../../errors.js';
import type { Node, ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from '../statements/utility.js';
import { truncateIdentifier } from './names.js';

function refuseInBlock(session: Session, what: string): void {
  if (session.inTransactionBlock || session.inImplicitBlock) {
    throw new DbError(SqlState.ActiveSqlTransaction, `${what} cannot run inside a transaction block`);
  }
}

function optionText(d: Node): string {
  const a = d.arg;
  return String(a?.String?.sval ?? a?.Integer?.ival ?? a?.A_Const?.sval?.sval ?? a?.A_Const?.ival?.ival ?? a?.TypeName?.names?.at(-1)?.String?.sval ?? '');
}

export function prepareCreateDatabase(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.CreatedbStmt;
  return utilityStatement(parsed.kind, null, async () => {
    refuseInBlock(session, 'CREATE DATABASE');
    const cluster = session.cluster;
    const name = truncateIdentifier(stmt.dbname as string);
    let template = 'template1';
    let connectionLimit = -1;
    let isTemplate = false;
    let allowConnections = true;
    for (const o of (stmt.options ?? []) as Node[]) {
      const d = o.DefElem;
      const value = optionText(d);
      switch (d.defname) {
        case 'template':
          template = value;
          break;
        case 'owner':
          if (value !== 'postgres' && value !== 'DEFAULT') throw new DbError(SqlState.UndefinedObject, `role "${value}" does not exist`);
          break;
        case 'encoding':
          if (!/^(utf-?8|unicode|sql_ascii|default)$/i.test(value) && value !== '6') throw notSupported(`encoding "${value}"`);
          break;
        case 'locale':
        case 'lc_collate':
        case 'lc_ctype':
          if (!['C', 'POSIX', 'C.UTF-8', 'C.utf8', 'default'].includes(value)) throw notSupported(`locale "${value}"`);
          break;
        case 'connection_limit':
          connectionLimit = Number(value);
          break;
        case 'is_template':
          isTemplate = value === 'true' || value === '1' || value === 'on';
          break;
        case 'allow_connections':
          allowConnections = !(value === 'false' || value === '0' || value === 'off');
          break;
        case 'strategy':
        case 'tablespace':
          break;
        default:
          throw notSupported(`CREATE DATABASE option ${d.defname}`);
      }
    }
    const catalogState = cluster.catalog.state;
    if (catalogState.databaseByName(name)) throw new DbError(SqlState.DuplicateDatabase, `database "${name}" already exists`);
    const source = catalogState.databaseByName(template);
    if (!source) throw new DbError(SqlState.InvalidCatalogName, `template database "${template}" does not exist`);
    const others = cluster.sessionsOn(source.oid).filter((s) => s !== session).length;
    if (others > 0) {
      throw new DbError(SqlState.ObjectInUse, `source database "${template}" is being accessed by other users`, {
        detail: `There ${others === 1 ? 'is 1 other session' : `are ${others} other sessions`} using the database.`,
      });
    }
    const txn = cluster.catalog.begin(0);
    const oid = txn.allocateOid();
    const record: DatabaseRecord = {
      kind: 'database',
      oid,
      name,
      ownerOid: BOOTSTRAP_SUPERUSER_OID,
      encoding: 'UTF8',
      collate: 'C',
      ctype: 'C',
      isTemplate,
      allowConnections,
      connectionLimit,
    };
    const objects = cluster.catalog.begin(oid);
    objects.putDatabase(record);
    cluster.catalog.copyDatabaseObjects(objects, source.oid);
    // as PostgreSQL does: a checkpoint first, so the template's files hold all its committed data
    await cluster.checkpoint();
    cluster.relations.copyDatabase(source.oid, oid);
    try {
      await cluster.commitCatalog(objects);
    } catch (err) {
      cluster.relations.dropDatabase(oid);
      throw err;
    }
    return { tag: 'CREATE DATABASE' };
  });
}

export function prepareDropDatabase(session: Session, parsed: ParsedStatement): Prepared {
  const stmt = parsed.stmt.DropdbStmt;
  return utilityStatement(parsed.kind, null, async () => {
    refuseInBlock(session, 'DROP DATABASE');
    const cluster = session.cluster;
    const name = stmt.dbname as string;
    const force = ((stmt.options ?? []) as Node[]).some((o) => o.DefElem?.defname === 'force');
    const db = cluster.catalog.state.databaseByName(name);
    if (!db) {
      if (stmt.missing_ok) {
        session.notice('NOTICE', `database "${name}" does not exist, skipping`);
        return { tag: 'DROP DATABASE' };
      }
      throw new DbError(SqlState.InvalidCatalogName, `database "${name}" does not exist`);
    }
    if (db.oid === session.dbOid) throw new DbError(SqlState.ObjectInUse, 'cannot drop the currently open database');
    if (db.isTemplate) throw new DbError(SqlState.WrongObjectType, 'cannot drop a template database');
    let others = cluster.sessionsOn(db.oid);
    // as PostgreSQL does, give sessions that are ending up to 5 seconds to go
    for (let waited = 0; others.length > 0 && !force && waited < 5000; waited += 100) {
      await session.sleep(100);
      others = cluster.sessionsOn(db.oid);
    }
    if (others.length > 0) {
      if (!force) {
        throw new DbError(SqlState.ObjectInUse, `database "${name}" is being accessed by other users`, {
          detail: `There ${others.length === 1 ? 'is 1 other session' : `are ${others.length} other sessions`} using the database.`,
        });
      }
      for (const s of others) s.terminate?.();
    }
    if (cluster.catalog.state.databaseByName(name)?.oid !== db.oid) throw new DbError(SqlState.InvalidCatalogName, `database "${name}" does not exist`);
    const txn = cluster.catalog.begin(db.oid);
    for (const r of [...txn.records()]) txn.drop(r.oid);
    txn.dropDatabase(db.oid);
    await cluster.commitCatalog(txn);
    cluster.relations.dropDatabase(db.oid);
    return { tag: 'DROP DATABASE' };
  });
}
