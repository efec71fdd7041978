// A protocol-level test client over a raw socket: frontend messages built with pg-protocol's
// serializer (or by hand, for malformed input), backend messages decoded with its parser.
import { connect, type Socket } from 'node:net';
import { serialize } from 'pg-protocol';
import type { BackendMessage } from 'pg-protocol/dist/messages.js';
import { Parser } from 'pg-protocol/dist/parser.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Msg = BackendMessage & Record<string, any>;

export class RawClient {
  readonly messages: Msg[] = [];
  private readonly parser = new Parser();
  /** With binaryFields(): every byte received, for decoding binary DataRows by hand. */
  private captured: Buffer[] | null = null;
  private waiters: (() => void)[] = [];
  closed = false;
  readonly closedPromise: Promise<void>;
  /** Raw bytes received before the parser is used (SSL answers). */
  rawBytes: Buffer[] = [];
  rawMode = false;

  private constructor(readonly socket: Socket) {
    this.closedPromise = new Promise((resolve) => socket.on('close', () => {
      this.closed = true;
      this.wake();
      resolve();
    }));
    socket.on('data', (chunk: Buffer) => {
      this.captured?.push(Buffer.from(chunk));
      if (this.rawMode) this.rawBytes.push(chunk);
      else this.parser.parse(chunk, (m) => this.messages.push(ownBuffers(m as Msg)));
      this.wake();
    });
    socket.on('error', () => {});
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** Opens a connection and completes a trust-authenticated startup. */
  static async connect(port: number, params: Record<string, string> = {}): Promise<RawClient> {
    const c = await RawClient.open(port);
    c.write(serialize.startup({ user: 'postgres', database: 'postgres', ...params }));
    await c.until((m) => m.name === 'readyForQuery' || m.name === 'error');
    return c;
  }

  /** Also keep the raw bytes, so binary DataRow fields can be read (pg-protocol decodes text). */
  binaryFields(): void {
    this.captured = [];
  }

  /** DataRow fields received so far, as raw bytes (requires binaryFields()). */
  dataRowsRaw(): (Buffer | null)[][] {
    const all = Buffer.concat(this.captured ?? []);
    const rows: (Buffer | null)[][] = [];
    for (let at = 0; at + 5 <= all.length; ) {
      const type = String.fromCharCode(all[at]!);
      const len = all.readInt32BE(at + 1);
      if (type === 'D') {
        const n = all.readInt16BE(at + 5);
        const fields: (Buffer | null)[] = [];
        let p = at + 7;
        for (let i = 0; i < n; i++) {
          const flen = all.readInt32BE(p);
          p += 4;
          fields.push(flen < 0 ? null : Buffer.from(all.subarray(p, p + flen)));
          if (flen > 0) p += flen;
        }
        rows.push(fields);
      }
      at += 1 + len;
    }
    return rows;
  }

  write(data: Buffer): void {
    this.socket.write(data);
  }

  /** Waits until a message satisfies `pred` (or the socket closes); returns and drops all received so far. */
  async until(pred: (m: Msg) => boolean, timeoutMs = 10_000): Promise<Msg[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.messages.findIndex(pred);
      if (i >= 0) return this.messages.splice(0, i + 1);
      if (this.closed) return this.messages.splice(0);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; received: ${this.messages.map((m) => m.name).join(', ')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Messages up to and including the next ReadyForQuery. */
  ready(timeoutMs?: number): Promise<Msg[]> {
    return this.until((m) => m.name === 'readyForQuery', timeoutMs);
  }

  /** Raw bytes until at least n have arrived (for SSLRequest answers). */
  async rawRead(n: number, timeoutMs = 5000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (Buffer.concat(this.rawBytes).length < n && !this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    const all = Buffer.concat(this.rawBytes);
    this.rawBytes = [all.subarray(n)];
    return all.subarray(0, n);
  }

  end(): void {
    this.socket.destroy();
  }
}

export { serialize };

/** The parser hands out views of its internal buffer, reused later: copy binary fields. */
function ownBuffers(m: Msg): Msg {
  if (m.name === 'dataRow' && Array.isArray(m.fields)) {
    m.fields = m.fields.map((f: unknown) => (Buffer.isBuffer(f) ? Buffer.from(f) : f));
  }
  return m;
}

/** A typed message built by hand: type byte, Int32 length, body. */
export function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/** A NUL-terminated string. */
export function cstr(s: string): Buffer {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
}
