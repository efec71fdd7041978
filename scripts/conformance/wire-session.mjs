// One PostgreSQL v3 connection that runs single statements and captures what came back on the
// wire, for the conformance runner. Messages are built and read with pg-protocol over a plain
// socket, so the raw command tag, the RowDescription and the text values are kept as sent.
//   simple:   Query
//   extended: Parse (named) / Describe statement / Bind / Describe portal / Execute / Close / Sync
// A captured result is
//   { ok: true, tag, columns: [{ name, type, typmod }] | null, rows: string[][] | null, describe? }
//   { ok: false, kind: 'sql' | 'timeout' | 'connection', code?, message }
// where `type` is the type OID, or 'user' for OIDs of objects a case made (>= 16384), and
// `describe` (extended only) is what Describe(statement) reported: [{ name, type }] or null.
// COPY … TO STDOUT lines come back as one-column rows; COPY … FROM STDIN is refused (CopyFail).
// Requires: trust authentication (the servers it is pointed at run without passwords).
import { connect } from 'node:net';
import { serialize } from 'pg-protocol';
import { Parser } from 'pg-protocol/dist/parser.js';

const FIRST_USER_OID = 16384;
const typeOf = (oid) => (oid >= FIRST_USER_OID ? 'user' : oid);

let statementNumber = 0;

export class WireSession {
  /** @param {import('node:net').Socket} socket */
  constructor(socket) {
    this.socket = socket;
    /** Why the connection is unusable, once it is. */
    this.broken = null;
    this.backendKey = null;
    this.queue = [];
    this.onMessage = null;
    const parser = new Parser();
    socket.on('data', (chunk) => parser.parse(chunk, (m) => this.deliver(m)));
    socket.on('error', (err) => this.fail(err.message));
    socket.on('close', () => this.fail('connection closed by the server'));
  }

  /**
   * Opens a connection and waits for ReadyForQuery.
   * @param {string} url postgres://user@host:port/database
   * @param {number} timeoutMs
   */
  static async open(url, timeoutMs = 10_000) {
    const u = new URL(url);
    const socket = connect({ port: Number(u.port || 5432), host: u.hostname || '127.0.0.1', noDelay: true });
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const session = new WireSession(socket);
    const startup = { user: decodeURIComponent(u.username) || 'postgres', database: decodeURIComponent(u.pathname.slice(1)) || 'postgres', application_name: 'conformance' };
    socket.write(serialize.startup(startup));
    const answer = await session.collect(timeoutMs);
    if (answer.error) throw new Error(`${answer.error.message} (SQLSTATE ${answer.error.code})`);
    if (answer.lost) throw new Error(answer.lost);
    if (answer.timedOut) throw new Error('no answer to the startup message');
    if (answer.authRequest) throw new Error(`the server asks for ${answer.authRequest}; this runner supports trust authentication only`);
    return session;
  }

  deliver(m) {
    if (m.name === 'backendKeyData') this.backendKey = { pid: m.processID, secret: m.secretKey };
    if (m.name === 'copyInResponse') this.socket.write(serialize.copyFail('COPY FROM STDIN is not supported by the conformance runner'));
    this.queue.push(m);
    this.onMessage?.();
  }

  fail(reason) {
    this.broken ??= reason;
    this.onMessage?.();
  }

  /**
   * Reads messages up to ReadyForQuery (or an authentication request during startup).
   * Returns what a statement needs: the messages, the first error, or why it stopped.
   */
  async collect(timeoutMs) {
    const messages = [];
    let error = null;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.queue.length > 0) {
        const m = this.queue.shift();
        if (m.name === 'readyForQuery') return { messages, error };
        if (m.name === 'error') error ??= { code: m.code, message: m.message };
        else if (m.name.startsWith('authentication') && m.name !== 'authenticationOk') return { messages, error, authRequest: m.name };
        else messages.push(m);
      }
      if (this.broken) return { messages, error, lost: this.broken };
      const left = deadline - Date.now();
      if (left <= 0) return { messages, error, timedOut: true };
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        this.onMessage = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.onMessage = null;
    }
  }

  /**
   * Runs one statement; never throws for server-side problems.
   * @param {string} sql
   * @param {'simple' | 'extended'} protocol
   * @param {number} timeoutMs
   */
  async run(sql, protocol, timeoutMs) {
    if (this.broken) return { ok: false, kind: 'connection', message: this.broken };
    if (protocol === 'simple') {
      this.socket.write(serialize.query(sql));
    } else {
      const name = `conformance_${++statementNumber}`;
      this.socket.write(Buffer.concat([
        serialize.parse({ name, text: sql, types: [] }),
        serialize.describe({ type: 'S', name }),
        serialize.bind({ portal: '', statement: name, values: [] }),
        serialize.describe({ type: 'P', name: '' }),
        serialize.execute({ portal: '', rows: 0 }),
        serialize.close({ type: 'S', name }),
        serialize.sync(),
      ]));
    }
    const answer = await this.collect(timeoutMs);
    if (answer.error) return { ok: false, kind: 'sql', code: answer.error.code, message: answer.error.message };
    if (answer.lost) return { ok: false, kind: 'connection', message: answer.lost };
    if (answer.timedOut) {
      this.broken = `statement timed out after ${timeoutMs / 1000} s`;
      await this.cancel();
      this.socket.destroy();
      return { ok: false, kind: 'timeout', message: `no answer within ${timeoutMs / 1000} s` };
    }
    return capture(answer.messages, protocol);
  }

  /** Sends a CancelRequest for the running statement on a second connection (best effort). */
  async cancel() {
    if (!this.backendKey) return;
    const { pid, secret } = this.backendKey;
    await new Promise((resolve) => {
      const s = connect(this.socket.remotePort ?? 5432, this.socket.remoteAddress ?? '127.0.0.1', () => s.end(serialize.cancel(pid, secret)));
      const timer = setTimeout(() => s.destroy(), 2000);
      s.on('error', () => {});
      s.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Sends Terminate and waits (at most 3 s) until the server closes the connection, so that
   * the session is gone before, say, a DROP DATABASE of its database arrives.
   */
  async close() {
    if (!this.broken && !this.socket.destroyed) {
      this.broken = 'closed';
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 3000);
        this.socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        this.socket.end(serialize.end());
      });
    }
    this.socket.destroy();
  }
}

/** A successful statement's result from its messages (no ErrorResponse among them). */
function capture(messages, protocol) {
  let tag = null;
  let columns = null;
  let rows = null;
  /** Extended: the first RowDescription or NoData answers Describe(statement). */
  let describe = protocol === 'extended' ? undefined : null;
  for (const m of messages) {
    if (m.name === 'rowDescription' || m.name === 'noData') {
      const fields = m.name === 'rowDescription' ? m.fields : null;
      if (describe === undefined) {
        describe = fields && fields.map((f) => ({ name: f.name, type: typeOf(f.dataTypeID) }));
      } else if (fields) {
        columns = fields.map((f) => ({ name: f.name, type: typeOf(f.dataTypeID), typmod: f.dataTypeModifier }));
        rows = [];
      }
    } else if (m.name === 'dataRow') {
      (rows ??= []).push(m.fields.map((v) => (v === null || v === undefined ? null : String(v))));
    } else if (m.name === 'copyData') {
      columns ??= [{ name: 'copy', type: 25, typmod: -1 }];
      (rows ??= []).push([m.chunk.toString('utf8').replace(/\n$/, '')]);
    } else if (m.name === 'commandComplete') {
      tag = m.text;
    } else if (m.name === 'emptyQuery') {
      tag = '';
    }
  }
  const result = { ok: true, tag, columns, rows: columns ? rows ?? [] : rows };
  if (protocol === 'extended') result.describe = describe ?? null;
  return result;
}
