// CHECKPOINT: runs a checkpoint now (cluster.ts: dirty pages written through the double-write
// file, the control file updated, WAL segments before it deleted). As in PostgreSQL it is allowed
// inside a transaction block and does not wait for open transactions, only for queued commits.
import type { ParsedStatement } from '../parser.js';
import type { Session } from '../session.js';
import type { Prepared } from '../statement.js';
import { utilityStatement } from './utility.js';

export function prepareCheckpoint(session: Session, parsed: ParsedStatement): Prepared {
  return utilityStatement(parsed.kind, null, async () => {
    await session.cluster.checkpoint();
    return { tag: 'CHECKPOINT' };
  });
}
