// The simple query protocol: one Query message, possibly several statements, all parsed
// first (a syntax error anywhere runs nothing). Statements of one message share an implicit
// transaction unless they control transactions themselves; the first error rolls that back,
// skips the remaining statements; the caller ends the cycle with ReadyForQuery.
import { toDbError, SqlState } from '../errors.js';
import type { Logger } from '../log.js';
import { prepareStatement, transactionKind } from '../sql/engine.js';
import { runPortal } from '../sql/lock-retry.js';
import { parseSql } from '../sql/parser.js';
import type { Session } from '../sql/session.js';
import type { PortalResult } from '../sql/statement.js';
import type { ProtocolOutput } from './connection.js';
import { serveCopy } from './copy-transfer.js';
import { sendRows } from './send-rows.js';
import { typeLength } from './value-codec.js';

export async function runSimpleQuery(
  session: Session,
  out: ProtocolOutput,
  sql: string,
  log: Logger,
): Promise<void> {
  try {
    const cache = session.statementCache;
    const catalogVersion = () => session.cluster.catalog.state.version;
    const entry = cache.get(sql, session.settings.version, catalogVersion()) ?? cache.add(sql, parseSql(sql), session.settings.version, catalogVersion());
    const statements = entry.statements;
    if (statements.length === 0) {
      out.send(out.encoder.emptyQueryResponse());
    } else {
      session.inImplicitBlock = statements.length > 1;
      for (let i = 0; i < statements.length; i++) {
        const parsed = statements[i]!;
        session.beginStatement(transactionKind(parsed));
        // settings may change between statements of one message: prepare against the current ones
        // (and the catalog: a table may have changed, even in this transaction)
        const reusable = entry.settingsVersion === session.settings.version && entry.catalogVersion === catalogVersion() && !session.transaction.catalog.changed;
        let prepared = reusable ? entry.prepared[i] : undefined;
        if (!prepared) {
          prepared = prepareStatement(session, parsed, null);
          if (reusable) entry.prepared[i] = prepared;
        }
        if (prepared.notices) session.notices.push(...prepared.notices);
        const portal = prepared.bind([]);
        const formats = portal.columns ? portal.columns.map(() => 0) : [];
        if (portal.columns) {
          out.send(out.encoder.rowDescription(portal.columns, formats, typeLength));
        }
        const statement = prepared;
        const run = runPortal(session, portal, 0, () => statement.bind([]));
        let result: PortalResult = (run instanceof Promise ? await run : run).result;
        if (result.copy) result = { ...result, tag: await serveCopy(session, out, result.copy) };
        if (portal.columns) sendRows(session, out, portal.columns, formats, result.rows);
        session.endStatement();
        // as PostgreSQL: the transaction of the message's last statement commits before its
        // CommandComplete, so an error at commit takes its place
        if (!session.inImplicitBlock || i === statements.length - 1) await session.commitImplicit();
        out.sendNotices(session);
        out.send(out.encoder.commandComplete(result.tag));
      }
    }
  } catch (err) {
    const e = toDbError(err);
    if (e.code === SqlState.InternalError) log.error('internal error in statement', err);
    session.statementFailed();
    out.sendNotices(session);
    out.send(out.encoder.errorOrNotice(e));
  } finally {
    session.inImplicitBlock = false;
  }
}
