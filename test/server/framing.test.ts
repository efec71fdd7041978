// The message framer against a model: any stream of messages, cut into chunks anywhere,
// comes out as the same messages; impossible lengths and unknown types are refused before
// their bodies are buffered.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DbError } from '../../src/errors.js';
import { MessageFramer } from '../../src/server/framing.js';

const TYPES = ['Q', 'P', 'B', 'E', 'D', 'C', 'H', 'S', 'X'];

function encode(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function startup(body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeInt32BE(body.length + 4);
  return Buffer.concat([head, body]);
}

const message = fc.record({
  type: fc.constantFrom(...TYPES),
  body: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
});

/** Splits a buffer at the given (sorted, deduplicated) cut points. */
function cut(data: Buffer, points: number[]): Buffer[] {
  const sorted = [...new Set(points.map((p) => p % (data.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let at = 0;
  for (const p of sorted) {
    chunks.push(data.subarray(at, p));
    at = p;
  }
  chunks.push(data.subarray(at));
  return chunks;
}

describe('MessageFramer', () => {
  it('returns the same messages however the stream is cut', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 4, maxLength: 200 }),
        fc.array(message, { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (startupBody, messages, points) => {
          const stream = Buffer.concat([startup(Buffer.from(startupBody)), ...messages.map((m) => encode(m.type, m.body))]);
          const framer = new MessageFramer();
          const out: { type: number; body: Buffer }[] = [];
          for (const chunk of cut(stream, points)) {
            framer.push(chunk);
            for (let m = framer.next(); m; m = framer.next()) {
              out.push({ type: m.type, body: Buffer.from(m.body) });
              if (m.type === 0) framer.startupDone();
            }
          }
          expect(out[0]!.type).toBe(0);
          expect(out[0]!.body.equals(Buffer.from(startupBody))).toBe(true);
          expect(out.slice(1).map((m) => [String.fromCharCode(m.type), m.body.toString('hex')])).toEqual(
            messages.map((m) => [m.type, m.body.toString('hex')]),
          );
        },
      ),
    );
  });

  it('refuses an impossible startup length, an unknown type and an oversized message', () => {
    const tooShort = new MessageFramer();
    tooShort.push(Buffer.from([0, 0, 0, 3, 0, 0, 0, 0]));
    expect(() => tooShort.next()).toThrow(DbError);

    const framer = new MessageFramer(1000);
    framer.startupDone();
    framer.push(Buffer.from('Z00000005', 'latin1'));
    expect(() => framer.next()).toThrow(/invalid frontend message type 90/);

    const big = new MessageFramer(1000);
    big.startupDone();
    const head = Buffer.alloc(5);
    head.write('Q');
    head.writeInt32BE(1001, 1);
    big.push(head);
    expect(() => big.next()).toThrow(/invalid message length/);

    const sync = new MessageFramer();
    sync.startupDone();
    const s = Buffer.alloc(5);
    s.write('S');
    s.writeInt32BE(10001, 1);
    sync.push(s);
    expect(() => sync.next()).toThrow(/invalid message length/);
  });

  it('waits for the rest of a message', () => {
    const framer = new MessageFramer();
    framer.startupDone();
    const m = encode('Q', Buffer.from('SELECT 1\0'));
    framer.push(m.subarray(0, 3));
    expect(framer.next()).toBeNull();
    framer.push(m.subarray(3, 9));
    expect(framer.next()).toBeNull();
    framer.push(m.subarray(9));
    expect(framer.next()?.body.toString()).toBe('SELECT 1\0');
  });
});
