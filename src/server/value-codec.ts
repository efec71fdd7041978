// Converts values between the wire and the engine: Bind parameters (text or binary, per the
// client's format codes) into typed values, and result values into text or binary DataRow
// fields. Encoders are chosen once per portal, not per row.
import { builtins } from '../catalog/builtins.js';
import { formatType } from '../catalog/format-type.js';
import { DbError, SqlState } from '../errors.js';
import { typeIO } from '../sql/types/index.js';
import type { TypeContext } from '../sql/types/typeio.js';
import type { Value } from '../sql/types/value.js';

export type FieldEncoder = (value: Value) => string | Buffer;

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Text of a parameter, refusing invalid UTF-8 as PostgreSQL does (22021). */
function decodeUtf8(data: Buffer): string {
  try {
    return utf8Decoder.decode(data);
  } catch {
    let i = 0;
    while (i < data.length && data[i]! < 0x80) i++;
    const bad = [...data.subarray(i, Math.min(i + 2, data.length))].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
    throw new DbError(SqlState.CharacterNotInRepertoire, `invalid byte sequence for encoding "UTF8": ${bad}`);
  }
}

/** Decodes Bind parameter values; `formats` has 0, 1 or n entries as the protocol allows. */
export function decodeParams(
  raw: readonly (Buffer | null)[],
  formats: readonly number[],
  types: readonly number[],
  ctx: TypeContext,
): Value[] {
  return raw.map((data, i) => {
    if (data === null) return null;
    const format = formats.length === 0 ? 0 : formats.length === 1 ? formats[0]! : formats[i]!;
    const type = types[i]!;
    const io = typeIO(type);
    if (!io) throw new DbError(SqlState.FeatureNotSupported, `parameters of type ${formatType(type)} are not supported yet`);
    if (format === 0) {
      try {
        return io.input(decodeUtf8(data), -1, ctx);
      } catch (err) {
        if (err instanceof DbError) {
          // PostgreSQL adds this line below any context of its own (the JSON data line)
          const line = `unnamed portal parameter $${i + 1} = '${data.toString('utf8')}'`;
          err.where = err.where ? `${err.where}\n${line}` : line;
        }
        throw err;
      }
    }
    try {
      return io.receive(data, -1, ctx);
    } catch (err) {
      if (err instanceof DbError && err.code === SqlState.InvalidBinaryRepresentation) {
        throw new DbError(SqlState.InvalidBinaryRepresentation, `incorrect binary data format in bind parameter ${i + 1}`);
      }
      throw err;
    }
  });
}

/** The encoder of one result column in the requested format (0 text, 1 binary). */
export function fieldEncoder(type: number, format: number, ctx: TypeContext): FieldEncoder {
  const io = typeIO(type);
  if (!io) throw new DbError(SqlState.FeatureNotSupported, `output of type ${formatType(type)} is not supported yet`);
  if (format === 1) return (v) => io.send(v, ctx);
  return (v) => io.output(v, ctx);
}

/** Format of column i from the Bind message's result format codes (0, 1 or n entries). */
export function resultFormat(formats: readonly number[], i: number): number {
  return formats.length === 0 ? 0 : formats.length === 1 ? formats[0]! : formats[i]!;
}

/** pg_type.typlen for RowDescription. */
export function typeLength(oid: number): number {
  return builtins().typeByOid.get(oid)?.typlen ?? -1;
}
