// Decodes typed frontend messages (after startup) into plain objects. Field layouts follow
// PostgreSQL's protocol documentation:
//   Query 'Q'     String query
//   Parse 'P'     String name, String query, Int16 n, Int32 paramType[n]
//   Bind 'B'      String portal, String statement, Int16 nfmt, Int16 fmt[nfmt],
//                 Int16 nparams, (Int32 len, Byte[len] value | len -1 for NULL)[nparams],
//                 Int16 nresfmt, Int16 resfmt[nresfmt]
//   Describe 'D'  Byte1 'S'|'P', String name      Close 'C'  Byte1 'S'|'P', String name
//   Execute 'E'   String portal, Int32 maxRows    Flush 'H', Sync 'S', Terminate 'X'
//   Password 'p'  (auth exchange; read by auth.ts)
import { DbError, SqlState } from '../errors.js';
import { MessageReader } from './message-reader.js';

export type Frontend =
  | { kind: 'query'; sql: string }
  | { kind: 'parse'; name: string; sql: string; paramTypes: number[] }
  | {
      kind: 'bind';
      portal: string;
      statement: string;
      paramFormats: number[];
      params: (Buffer | null)[];
      resultFormats: number[];
    }
  | { kind: 'describe'; target: 'S' | 'P'; name: string }
  | { kind: 'close'; target: 'S' | 'P'; name: string }
  | { kind: 'execute'; portal: string; maxRows: number }
  | { kind: 'flush' }
  | { kind: 'sync' }
  | { kind: 'terminate' }
  | { kind: 'copy'; type: number }
  | { kind: 'password'; body: Buffer }
  | { kind: 'functionCall' };

const c = (ch: string) => ch.charCodeAt(0);

function formatCode(n: number): number {
  if (n !== 0 && n !== 1) throw new DbError(SqlState.ProtocolViolation, `unsupported format code: ${n}`);
  return n;
}

function target(byte: number, what: string): 'S' | 'P' {
  if (byte === c('S')) return 'S';
  if (byte === c('P')) return 'P';
  throw new DbError(SqlState.ProtocolViolation, `invalid ${what} message subtype ${byte}`);
}

export function decodeFrontend(type: number, body: Buffer): Frontend {
  const r = new MessageReader(body);
  let out: Frontend;
  switch (type) {
    case c('Q'):
      out = { kind: 'query', sql: r.cstring() };
      break;
    case c('P'): {
      const name = r.cstring();
      const sql = r.cstring();
      const n = r.int16();
      if (n < 0) throw new DbError(SqlState.ProtocolViolation, 'invalid message format');
      const paramTypes: number[] = [];
      for (let i = 0; i < n; i++) paramTypes.push(r.int32() >>> 0);
      out = { kind: 'parse', name, sql, paramTypes };
      break;
    }
    case c('B'): {
      const portal = r.cstring();
      const statement = r.cstring();
      const nfmt = r.int16();
      if (nfmt < 0) throw new DbError(SqlState.ProtocolViolation, 'invalid message format');
      const paramFormats: number[] = [];
      for (let i = 0; i < nfmt; i++) paramFormats.push(formatCode(r.int16()));
      const nparams = r.int16();
      if (nparams < 0) throw new DbError(SqlState.ProtocolViolation, 'invalid message format');
      const params: (Buffer | null)[] = [];
      for (let i = 0; i < nparams; i++) {
        const len = r.int32();
        if (len === -1) params.push(null);
        else if (len < 0) throw new DbError(SqlState.ProtocolViolation, 'invalid message format');
        else params.push(r.bytes(len));
      }
      const nres = r.int16();
      if (nres < 0) throw new DbError(SqlState.ProtocolViolation, 'invalid message format');
      const resultFormats: number[] = [];
      for (let i = 0; i < nres; i++) resultFormats.push(formatCode(r.int16()));
      out = { kind: 'bind', portal, statement, paramFormats, params, resultFormats };
      break;
    }
    case c('D'): {
      const t = target(r.byte(), 'DESCRIBE');
      out = { kind: 'describe', target: t, name: r.cstring() };
      break;
    }
    case c('C'): {
      const t = target(r.byte(), 'CLOSE');
      out = { kind: 'close', target: t, name: r.cstring() };
      break;
    }
    case c('E'):
      out = { kind: 'execute', portal: r.cstring(), maxRows: r.int32() };
      break;
    case c('H'):
      out = { kind: 'flush' };
      break;
    case c('S'):
      out = { kind: 'sync' };
      break;
    case c('X'):
      out = { kind: 'terminate' };
      break;
    case c('p'):
      return { kind: 'password', body };
    case c('d'):
    case c('c'):
    case c('f'):
      return { kind: 'copy', type };
    case c('F'):
      return { kind: 'functionCall' };
    default:
      throw new DbError(SqlState.ProtocolViolation, `invalid frontend message type ${type}`, { severity: 'FATAL' });
  }
  r.end();
  return out;
}
