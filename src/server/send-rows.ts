// Encodes result rows as DataRow messages, each column in its requested format (0 text,
// 1 binary), with encoders chosen once per result.
import type { Session } from '../sql/session.js';
import type { OutputColumn } from '../sql/plan/nodes.js';
import type { Value } from '../sql/types/value.js';
import type { ProtocolOutput } from './connection.js';
import { fieldEncoder, type FieldEncoder } from './value-codec.js';

export function rowEncoders(session: Session, columns: readonly OutputColumn[], formats: readonly number[]): FieldEncoder[] {
  const types = session.types;
  return columns.map((c, i) => fieldEncoder(c.type, formats[i] ?? 0, types));
}

export function sendRows(
  session: Session,
  out: ProtocolOutput,
  columns: readonly OutputColumn[],
  formats: readonly number[],
  rows: readonly Value[][],
  encoders: FieldEncoder[] = rowEncoders(session, columns, formats),
): void {
  if (rows.length === 0) return;
  const fields: (string | Buffer | null)[] = new Array(columns.length);
  for (const row of rows) {
    for (let i = 0; i < encoders.length; i++) {
      const v = row[i] ?? null;
      fields[i] = v === null ? null : encoders[i]!(v);
    }
    out.send(out.encoder.dataRow(fields));
    out.maybeFlush();
  }
}
