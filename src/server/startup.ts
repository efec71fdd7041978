// Decodes the untyped packets a client sends before its session starts:
//   SSLRequest      Int32 80877103          -> answered 'N'
//   GSSENCRequest   Int32 80877104          -> answered 'N'
//   CancelRequest   Int32 80877102, Int32 pid, Int32 secret
//   StartupMessage  Int32 protocol (3.0 = 196608), (String name, String value)*, Byte 0
import { DbError, SqlState } from '../errors.js';
import { MessageReader } from './message-reader.js';

export const SSL_REQUEST_CODE = 80877103;
export const GSSENC_REQUEST_CODE = 80877104;
export const CANCEL_REQUEST_CODE = 80877102;
export const PROTOCOL_3_0 = 196608;

export type StartupPacket =
  | { kind: 'ssl' }
  | { kind: 'gssenc' }
  | { kind: 'cancel'; pid: number; secret: number }
  | { kind: 'startup'; major: number; minor: number; params: Map<string, string> };

export function decodeStartupPacket(body: Buffer): StartupPacket {
  const r = new MessageReader(body);
  const code = r.int32();
  if (code === SSL_REQUEST_CODE) return { kind: 'ssl' };
  if (code === GSSENC_REQUEST_CODE) return { kind: 'gssenc' };
  if (code === CANCEL_REQUEST_CODE) {
    const pid = r.int32();
    const secret = r.int32();
    return { kind: 'cancel', pid, secret };
  }
  const major = code >>> 16;
  const minor = code & 0xffff;
  if (major !== 3) {
    throw new DbError(
      SqlState.FeatureNotSupported,
      `unsupported frontend protocol ${major}.${minor}: server supports 3.0 to 3.0`,
      { severity: 'FATAL' },
    );
  }
  const params = new Map<string, string>();
  for (;;) {
    if (r.remaining === 0) {
      throw new DbError(SqlState.ProtocolViolation, 'invalid startup packet layout: expected terminator as last byte', {
        severity: 'FATAL',
      });
    }
    const name = r.cstring();
    if (name === '') break;
    params.set(name, r.cstring());
  }
  if (r.remaining !== 0) {
    throw new DbError(SqlState.ProtocolViolation, 'invalid startup packet layout: expected terminator as last byte', {
      severity: 'FATAL',
    });
  }
  return { kind: 'startup', major, minor, params };
}

/** Splits the `options` startup parameter (`-c name=value --name=value`) into settings. */
export function parseCommandLineOptions(options: string): [string, string][] {
  const words: string[] = [];
  let current = '';
  let escaped = false;
  for (const ch of options) {
    if (escaped) {
      current += ch;
      escaped = false;
    } else if (ch === '\\') {
      escaped = true;
    } else if (/\s/.test(ch)) {
      if (current) words.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current) words.push(current);
  const out: [string, string][] = [];
  for (let i = 0; i < words.length; i++) {
    let w = words[i]!;
    if (w === '-c') {
      w = words[++i] ?? '';
    } else if (w.startsWith('-c')) {
      w = w.slice(2);
    } else if (w.startsWith('--')) {
      w = w.slice(2);
    } else {
      throw new DbError(SqlState.SyntaxError, `invalid command-line argument for server process: ${w}`, {
        severity: 'FATAL',
        hint: 'Try "postgres --help" for more information.',
      });
    }
    const eq = w.indexOf('=');
    if (eq < 0) {
      throw new DbError(SqlState.SyntaxError, `-c ${w} requires a value`, { severity: 'FATAL' });
    }
    out.push([w.slice(0, eq).replace(/-/g, '_'), w.slice(eq + 1)]);
  }
  return out;
}
