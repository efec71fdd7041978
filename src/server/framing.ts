// Cuts the byte stream from a client into protocol messages, incrementally: socket chunks go
// in, whole messages come out, however the chunks split them. Before the startup packet is
// accepted, messages are untyped (Int32 length, body); afterwards each has a type byte.
//
//   startup phase:  | Int32 len (includes itself) | body (len - 4 bytes) |
//   normal phase:   | Byte1 type | Int32 len (includes itself, not the type) | body |
//
// Invariant: a message is returned only when complete; lengths are checked against the
// limits before any body is buffered, so an oversized message never occupies memory.
import { DbError, SqlState } from '../errors.js';

export interface FrontendMessage {
  /** The type byte (0 for startup-phase packets). */
  type: number;
  body: Buffer;
}

/** PostgreSQL's limits: startup packets up to 10000 bytes; messages up to 1 GiB - 1. */
export const MAX_STARTUP_PACKET = 10000;
export const LARGE_MESSAGE_LIMIT = 0x3fffffff;
export const SMALL_MESSAGE_LIMIT = 10000;

/** Message types that may be large (PostgreSQL's PQ_LARGE_MESSAGE_LIMIT ones). */
const LARGE_TYPES = new Set(['Q', 'P', 'B', 'F', 'd', 'p'].map((c) => c.charCodeAt(0)));
/** Every message type a frontend may send. */
const KNOWN_TYPES = new Set(['Q', 'P', 'B', 'E', 'D', 'C', 'H', 'S', 'X', 'F', 'd', 'c', 'f', 'p'].map((c) => c.charCodeAt(0)));

export class MessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private startupPhase = true;

  constructor(private readonly maxMessageSize = LARGE_MESSAGE_LIMIT) {}

  /** Switch to typed messages (after the startup packet). */
  startupDone(): void {
    this.startupPhase = false;
  }

  get inStartupPhase(): boolean {
    return this.startupPhase;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next complete message, or null if more bytes are needed. Throws 08P01 on garbage. */
  next(): FrontendMessage | null {
    const header = this.startupPhase ? 4 : 5;
    if (this.buffered < header) return null;
    const head = this.peek(header);
    if (this.startupPhase) {
      const len = head.readInt32BE(0);
      if (len < 8 || len > MAX_STARTUP_PACKET) {
        throw new DbError(SqlState.ProtocolViolation, 'invalid length of startup packet', { severity: 'FATAL' });
      }
      if (this.buffered < len) return null;
      const packet = this.take(len);
      return { type: 0, body: packet.subarray(4) };
    }
    const type = head[0]!;
    if (!KNOWN_TYPES.has(type)) {
      throw new DbError(SqlState.ProtocolViolation, `invalid frontend message type ${type}`, { severity: 'FATAL' });
    }
    const len = head.readInt32BE(1);
    const limit = LARGE_TYPES.has(type) ? this.maxMessageSize : SMALL_MESSAGE_LIMIT;
    if (len < 4 || len > limit) {
      throw new DbError(SqlState.ProtocolViolation, 'invalid message length', { severity: 'FATAL' });
    }
    if (this.buffered < len + 1) return null;
    const message = this.take(len + 1);
    return { type, body: message.subarray(5) };
  }

  /** The first n buffered bytes, without consuming them. */
  private peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) return first;
    this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!;
  }

  /** Consumes the first n buffered bytes. */
  private take(n: number): Buffer {
    let first = this.chunks[0]!;
    if (first.length < n) {
      first = Buffer.concat(this.chunks);
      this.chunks = [first];
    }
    const out = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.buffered -= n;
    return out;
  }
}
