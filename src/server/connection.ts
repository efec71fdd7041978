// One client connection: the protocol state machine from the startup packet to Terminate.
//   startup  -> SSLRequest/GSSENCRequest answered 'N'; CancelRequest handled and closed;
//               StartupMessage checked (protocol 3.0, user, database, settings)
//   auth     -> trust, SCRAM-SHA-256 or cleartext password (auth.ts)
//   ready    -> simple query (simple-query.ts) and extended query (extended-query.ts)
// Messages are handled strictly in order; output is batched and written at ReadyForQuery,
// Flush, or when it grows large. An ERROR ends a statement; a FATAL error (bad framing,
// failed authentication) is sent and then the connection is closed. Nothing a client sends
// can affect another connection. During COPY FROM STDIN the running statement reads the
// client's messages itself (readCopyMessage); a message that does not belong there ends the
// connection after the error, as PostgreSQL loses protocol synchronization then.
import { endTempSchema } from '../sql/ddl/temp-tables.js';
import type { Socket } from 'node:net';
import { randomInt } from 'node:crypto';
import { DbError, SqlState, toDbError } from '../errors.js';
import { Session } from '../sql/session.js';
import { SessionSettings } from '../sql/settings/session-settings.js';
import { Authenticator } from './auth.js';
import { BackendEncoder, NO_ENCRYPTION } from './backend-messages.js';
import type { CopyMessage } from './copy-transfer.js';
import { ExtendedQuery } from './extended-query.js';
import { MessageFramer } from './framing.js';
import { decodeFrontend, type Frontend } from './frontend-messages.js';
import type { BackendHandle, ServerContext } from './server-context.js';
import { runSimpleQuery } from './simple-query.js';
import { decodeStartupPacket, parseCommandLineOptions } from './startup.js';

/** Where a connection sends messages; shared by the simple and extended query handlers. */
export interface ProtocolOutput {
  readonly encoder: BackendEncoder;
  send(message: Buffer): void;
  /** Sends queued notices/warnings the client's client_min_messages lets through. */
  sendNotices(session: Session): void;
  /** Writes batched output when it has grown large (call in long result loops). */
  maybeFlush(): void;
  /** Writes batched output now. */
  flush(): void;
  /** During COPY FROM STDIN: the client's next CopyData, CopyDone or CopyFail. */
  readCopyMessage(): Promise<CopyMessage>;
  /** A promise to wait on while the client is behind in reading output (null: go on). */
  outputRoom(): Promise<void> | null;
}

const FLUSH_THRESHOLD = 64 * 1024;
/** Output the socket may hold unsent before COPY TO waits for it to drain. */
const OUTPUT_HIGH_WATER = 1024 * 1024;
const NOTICE_RANK: Record<string, number> = { DEBUG: 0, LOG: 1, INFO: 2, NOTICE: 3, WARNING: 4 };
const MIN_MESSAGES_RANK: Record<string, number> = {
  debug5: 0, debug4: 0, debug3: 0, debug2: 0, debug1: 0, log: 1, notice: 3, warning: 4, error: 5,
};

type State = 'startup' | 'auth' | 'ready' | 'closed';

export class Connection implements ProtocolOutput {
  readonly encoder = new BackendEncoder();
  private readonly framer: MessageFramer;
  private state: State = 'startup';
  private out: Buffer[] = [];
  private outBytes = 0;
  private pumping = false;
  private backend: BackendHandle | null = null;
  private auth: Authenticator | null = null;
  private session: Session | null = null;
  private extended: ExtendedQuery | null = null;
  private startupParams = new Map<string, string>();
  /** A COPY FROM STDIN waiting for the client's next message. */
  private copyWaiter: (() => void) | null = null;
  /** A message out of place during COPY: the connection ends after the statement's error. */
  private syncLost = false;
  /** Resolves when the connection has closed. */
  readonly closed: Promise<void>;
  private resolveClosed!: () => void;

  constructor(
    private readonly socket: Socket,
    private readonly server: ServerContext,
  ) {
    this.framer = new MessageFramer(server.maxMessageSize);
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.framer.push(chunk);
      this.copyWaiter?.();
      this.pump();
    });
    socket.on('error', (err) => this.server.log.debug(`connection error: ${err.message}`));
    socket.on('close', () => {
      this.onClose();
      this.copyWaiter?.();
    });
  }

  // ---- output ------------------------------------------------------------------------------

  send(message: Buffer): void {
    this.out.push(message);
    this.outBytes += message.length;
  }

  maybeFlush(): void {
    if (this.outBytes >= FLUSH_THRESHOLD) this.flush();
  }

  flush(): void {
    if (this.out.length === 0 || this.state === 'closed') return;
    const data = this.out.length === 1 ? this.out[0]! : Buffer.concat(this.out, this.outBytes);
    this.out = [];
    this.outBytes = 0;
    this.socket.write(data);
  }

  outputRoom(): Promise<void> | null {
    if (this.state === 'closed') throw new DbError(SqlState.ConnectionFailure, 'connection to client lost');
    if (this.socket.writableLength < OUTPUT_HIGH_WATER) return null;
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  async readCopyMessage(): Promise<CopyMessage> {
    for (;;) {
      if (this.state === 'closed') throw new DbError(SqlState.ConnectionFailure, 'unexpected EOF on client connection with an open transaction');
      let m;
      try {
        m = this.framer.next();
      } catch (err) {
        this.syncLost = true;
        throw err;
      }
      if (!m) {
        await new Promise<void>((resolve) => (this.copyWaiter = resolve));
        this.copyWaiter = null;
        continue;
      }
      switch (m.type) {
        case 0x64: // CopyData
          return { kind: 'data', data: m.body };
        case 0x63: // CopyDone
          return { kind: 'done' };
        case 0x66: {
          // CopyFail
          const end = m.body.indexOf(0);
          return { kind: 'fail', message: m.body.toString('utf8', 0, end < 0 ? m.body.length : end) };
        }
        case 0x48: // Flush and Sync are ignored during COPY IN, as PostgreSQL does
        case 0x53:
          continue;
        default:
          this.syncLost = true;
          throw new DbError(SqlState.ProtocolViolation, `unexpected message type 0x${m.type.toString(16).toUpperCase().padStart(2, '0')} during COPY from stdin`);
      }
    }
  }

  sendNotices(session: Session): void {
    if (session.notices.length === 0) return;
    const min = MIN_MESSAGES_RANK[session.settings.get('client_min_messages')] ?? 3;
    for (const n of session.notices.splice(0)) {
      if ((NOTICE_RANK[n.severity] ?? 3) >= min) this.send(this.encoder.errorOrNotice(n, true));
    }
  }

  /** Sends a FATAL error and closes the connection. */
  private fatal(err: DbError): void {
    const e = err.severity === 'FATAL' ? err : new DbError(err.code, err.message, { ...err, severity: 'FATAL' });
    this.send(this.encoder.errorOrNotice(e));
    this.close();
  }

  /** Closes the connection after writing pending output. */
  close(): void {
    if (this.state === 'closed') return;
    this.flush();
    this.state = 'closed';
    this.socket.end();
    this.socket.destroySoon?.();
  }

  /** A simulated crash (tests): the socket goes at once, nothing more is sent. */
  destroy(): void {
    this.socket.destroy();
  }

  /** Server shutdown: tell the client why, then close (PostgreSQL's 57P01). */
  terminate(): void {
    if (this.state === 'closed') return;
    this.session?.requestCancel();
    if (this.state === 'ready') {
      this.send(
        this.encoder.errorOrNotice(
          new DbError(SqlState.AdminShutdown, 'terminating connection due to administrator command', { severity: 'FATAL' }),
        ),
      );
    }
    this.close();
  }

  private onClose(): void {
    this.state = 'closed';
    this.session?.requestCancel();
    const session = this.session;
    if (session?.abortable) session.abortTransaction();
    if (this.backend) this.server.unregisterBackend(this.backend);
    this.backend = null;
    // the session's temporary tables go before it counts as gone (DROP DATABASE waits for that)
    void (session ? endTempSchema(session) : Promise.resolve()).finally(() => {
      if (session) this.server.cluster.detach(session.dbOid, session);
      this.resolveClosed();
    });
  }

  // ---- input -------------------------------------------------------------------------------

  /** Handles buffered messages in order; only one pump runs at a time. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    void this.pumpLoop().finally(() => {
      this.pumping = false;
    });
  }

  private async pumpLoop(): Promise<void> {
    while (this.state !== 'closed') {
      let message;
      try {
        message = this.framer.next();
      } catch (err) {
        // Before the startup packet there is no protocol to answer in: PostgreSQL just closes.
        if (this.framer.inStartupPhase) this.close();
        else this.fatal(toDbError(err));
        return;
      }
      if (!message) break;
      try {
        const pending = message.type === 0 ? this.onStartupPacket(message.body) : this.onMessage(message.type, message.body);
        if (pending) await pending;
        if (this.syncLost) {
          this.fatal(new DbError(SqlState.ProtocolViolation, 'terminating connection because protocol synchronization was lost'));
          return;
        }
      } catch (err) {
        const e = toDbError(err);
        if (e.code === SqlState.InternalError) this.server.log.error('internal error', err);
        this.fatal(e);
        return;
      }
      if (this.socket.writableNeedDrain) await new Promise((resolve) => this.socket.once('drain', resolve));
    }
    this.flush();
  }

  private onStartupPacket(body: Buffer): void {
    let packet;
    try {
      packet = decodeStartupPacket(body);
    } catch (err) {
      if (err instanceof DbError && /^unsupported frontend protocol [0-2]\./.test(err.message)) {
        // a protocol-2 client gets the error in protocol 2's format: 'E', message, NUL
        this.socket.write(Buffer.concat([Buffer.from('E'), Buffer.from(`FATAL:  ${err.message}\n`), Buffer.from([0])]));
        this.close();
        return;
      }
      throw err;
    }
    switch (packet.kind) {
      case 'ssl':
      case 'gssenc':
        this.socket.write(NO_ENCRYPTION);
        return;
      case 'cancel':
        this.server.cancelBackend(packet.pid, packet.secret);
        this.close();
        return;
      case 'startup':
        this.framer.startupDone();
        if (packet.minor > 0 || [...packet.params.keys()].some((k) => k.startsWith('_pq_.'))) {
          const unrecognized = [...packet.params.keys()].filter((k) => k.startsWith('_pq_.'));
          this.send(this.encoder.negotiateProtocolVersion(0, unrecognized));
          for (const k of unrecognized) packet.params.delete(k);
        }
        this.startupParams = packet.params;
        this.beginAuthentication();
        return;
    }
  }

  private beginAuthentication(): void {
    const params = this.startupParams;
    const user = params.get('user');
    if (!user) {
      throw new DbError(SqlState.InvalidAuthorizationSpecification, 'no PostgreSQL user name specified in startup packet', {
        severity: 'FATAL',
      });
    }
    if (params.has('replication') && params.get('replication') !== 'false' && params.get('replication') !== '0') {
      throw new DbError(SqlState.FeatureNotSupported, 'replication connections are not supported yet', { severity: 'FATAL' });
    }
    this.backend = this.server.registerBackend(() => this.session?.requestCancel());
    if (!this.backend) {
      throw new DbError(SqlState.TooManyConnections, 'sorry, too many clients already', { severity: 'FATAL' });
    }
    this.state = 'auth';
    this.auth = new Authenticator(this.server.auth, user, this.server.roleExists(user), this.encoder);
    const step = this.auth.begin();
    for (const m of step.send) this.send(m);
    if (step.done) this.startSession();
    else this.flush();
  }

  /** Authentication succeeded: check the role and database, apply settings, say hello. */
  private startSession(): void {
    const params = this.startupParams;
    const user = params.get('user')!;
    const database = params.get('database') || user;
    this.send(this.encoder.authenticationOk());
    if (!this.server.roleExists(user)) {
      throw new DbError(SqlState.InvalidAuthorizationSpecification, `role "${user}" does not exist`, { severity: 'FATAL' });
    }
    const db = this.server.database(database);
    if (!db) {
      throw new DbError(SqlState.InvalidCatalogName, `database "${database}" does not exist`, { severity: 'FATAL' });
    }
    if (!db.allowConnections) {
      throw new DbError(SqlState.ObjectNotInPrerequisiteState, `database "${database}" is not currently accepting connections`, {
        severity: 'FATAL',
      });
    }
    const settings = new SessionSettings(this.server.serverSettings);
    const apply = (name: string, value: string) => {
      try {
        settings.set(name, value, { source: 'startup' });
      } catch (err) {
        const e = toDbError(err);
        throw new DbError(e.code, e.message, { ...e, severity: 'FATAL' });
      }
    };
    for (const [name, value] of parseCommandLineOptions(params.get('options') ?? '')) apply(name, value);
    for (const [name, value] of params) {
      if (name === 'user' || name === 'database' || name === 'options' || name === 'replication') continue;
      apply(name, value);
    }
    settings.set('session_authorization', user, { source: 'server' });
    const session = new Session({ user, database, dbOid: db.oid, backendPid: this.backend!.pid, settings, cluster: this.server.cluster });
    this.session = session;
    session.terminate = () => this.terminate();
    this.server.cluster.attach(db.oid, session);
    this.extended = new ExtendedQuery(session, this);
    session.onDiscardAll = () => this.extended?.discardAll();
    session.protocolPortals = () => this.extended?.listPortals() ?? [];
    for (const [name, value] of settings.takeReportChanges()) this.send(this.encoder.parameterStatus(name, value));
    this.send(this.encoder.backendKeyData(this.backend!.pid, this.backend!.secret));
    this.state = 'ready';
    this.readyForQuery();
    this.server.log.debug(`connection authorized: user=${user} database=${database} pid=${this.backend!.pid}`);
  }

  /** ParameterStatus for changed reported settings, then ReadyForQuery; flushes output. */
  readyForQuery(): void {
    const session = this.session!;
    this.sendNotices(session);
    for (const [name, value] of session.settings.takeReportChanges()) this.send(this.encoder.parameterStatus(name, value));
    this.send(this.encoder.readyForQuery(session.readyStatus));
    this.flush();
  }

  private onMessage(type: number, body: Buffer): void | Promise<void> {
    if (this.state === 'auth') {
      const message = decodeFrontend(type, body);
      if (message.kind !== 'password') {
        throw new DbError(SqlState.ProtocolViolation, `expected password response, got message type ${type}`, { severity: 'FATAL' });
      }
      const step = this.auth!.onMessage(message.body);
      for (const m of step.send) this.send(m);
      if (step.done) this.startSession();
      else this.flush();
      return;
    }
    let message: Frontend;
    try {
      message = decodeFrontend(type, body);
    } catch (err) {
      const e = toDbError(err);
      if (e.severity === 'FATAL') throw e;
      return this.extended!.failMessage(e, type);
    }
    return this.dispatch(message);
  }

  private dispatch(message: Frontend): void | Promise<void> {
    const extended = this.extended!;
    switch (message.kind) {
      case 'query':
        if (extended.ignoringTillSync) return;
        return runSimpleQuery(this.session!, this, message.sql, this.server.log).then(() => {
          if (this.syncLost) return;
          extended.afterSimpleQuery();
          this.readyForQuery();
        });
      case 'terminate':
        this.close();
        return;
      case 'flush':
        this.flush();
        return;
      case 'sync':
        return extended.sync().then(() => this.readyForQuery());
      case 'password':
        return extended.failMessage(new DbError(SqlState.ProtocolViolation, 'unexpected password message'), 0x70);
      case 'copy':
        // CopyData/CopyDone/CopyFail outside COPY are ignored, as PostgreSQL does.
        return;
      case 'functionCall':
        return extended.failMessage(new DbError(SqlState.FeatureNotSupported, 'fastpath function calls are not supported'), 0x46);
      default:
        return extended.handle(message);
    }
  }
}

/** A random 32-bit secret for BackendKeyData. */
export function newCancelSecret(): number {
  return randomInt(-0x80000000, 0x7fffffff);
}
