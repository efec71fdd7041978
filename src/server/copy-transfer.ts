// The COPY sub-protocol, between a statement's copy request and the client:
//   COPY FROM STDIN: CopyInResponse ('G'), then the client's CopyData ('d') go to the request,
//     until CopyDone ('c') completes it or CopyFail ('f') fails it with 57014 "COPY from stdin
//     failed: <message>". Flush and Sync are ignored meanwhile; any other message is an error
//     after which the connection closes (the connection reads the messages, see ProtocolOutput).
//   COPY TO STDOUT: CopyOutResponse ('H'), one CopyData per piece, CopyDone; when more than
//     the connection's high-water mark is waiting in the socket, the next piece waits until it
//     drains, so a slow client holds back the scan instead of filling memory. Other connections
//     run meanwhile: until there are snapshots, a table scan that had to wait sees what they
//     commit from then on (B+tree cursors re-seek after changes; no key is read twice).
//   'G'/'H' body: Int8 overall format | Int16 n | Int16 format per column (all the same)
// The caller sends CommandComplete with the returned tag (or the error, if one is thrown).
import { DbError, SqlState } from '../errors.js';
import type { Session } from '../sql/session.js';
import type { CopyInRequest, CopyOutRequest } from '../sql/statement.js';
import type { ProtocolOutput } from './connection.js';

/** A message the client sends during COPY FROM STDIN. */
export type CopyMessage = { kind: 'data'; data: Buffer } | { kind: 'done' } | { kind: 'fail'; message: string };

const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]);

function copyResponse(type: number, format: 0 | 1, columns: number): Buffer {
  const m = Buffer.allocUnsafe(8 + 2 * columns);
  m[0] = type;
  m.writeInt32BE(m.length - 1, 1);
  m[5] = format;
  m.writeInt16BE(columns, 6);
  for (let i = 0; i < columns; i++) m.writeInt16BE(format, 8 + 2 * i);
  return m;
}

function copyData(payload: Buffer): Buffer {
  const m = Buffer.allocUnsafe(5 + payload.length);
  m[0] = 0x64;
  m.writeInt32BE(payload.length + 4, 1);
  payload.copy(m, 5);
  return m;
}

/** Serves a copy request; returns the command tag. */
export function serveCopy(session: Session, out: ProtocolOutput, copy: CopyInRequest | CopyOutRequest): Promise<string> {
  return copy.direction === 'in' ? copyIn(session, out, copy) : copyOut(session, out, copy);
}

async function copyIn(session: Session, out: ProtocolOutput, copy: CopyInRequest): Promise<string> {
  out.send(copyResponse(0x47, copy.format, copy.columnCount));
  out.flush();
  copy.begin();
  for (;;) {
    let m: CopyMessage;
    try {
      m = await out.readCopyMessage();
      session.checkCancel();
    } catch (err) {
      throw withContext(err, copy);
    }
    if (m.kind === 'data') copy.data(m.data);
    else if (m.kind === 'done') return copy.done();
    else throw withContext(new DbError(SqlState.QueryCanceled, `COPY from stdin failed: ${m.message}`), copy);
  }
}

function withContext(err: unknown, copy: CopyInRequest): unknown {
  if (err instanceof DbError && !err.where) err.where = copy.context();
  return err;
}

async function copyOut(session: Session, out: ProtocolOutput, copy: CopyOutRequest): Promise<string> {
  try {
    out.send(copyResponse(0x48, copy.format, copy.columnCount));
    for (let n = 1; ; n++) {
      let piece = copy.next();
      if (piece instanceof Promise) piece = await piece;
      if (piece === null) break;
      out.send(copyData(piece));
      out.maybeFlush();
      const room = out.outputRoom();
      if (room) await room;
      if ((n & 0xff) === 0) session.checkCancel();
    }
    out.send(COPY_DONE);
    return copy.tag();
  } finally {
    copy.close();
  }
}
