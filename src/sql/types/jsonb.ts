// jsonb: input parses JSON text (json-parse.ts, PostgreSQL's errors) into the normalised tree of
// jsonb-value.ts: strings de-escaped, numbers numeric with their scale, object keys
// de-duplicated (last wins) and sorted. Output prints PostgreSQL's canonical layout.
// Binary layout (jsonb_send / jsonb_recv): a version byte 1, then the text form in UTF-8;
// another version is refused as PostgreSQL refuses it.
import { DbError, SqlState } from '../../errors.js';
import type { TypeIO } from './typeio.js';
import { parseJson, type JsonBuilder } from './json-parse.js';
import { Jsonb, makeObject, type JsonbNode } from './jsonb-value.js';
import { jsonbToText } from './jsonb-output.js';
import { Numeric } from './numeric.js';
import { decodeUtf8Strict } from './utf8.js';
import { insufficientData } from './errors.js';

const JSONB_VERSION = 1;

const jsonbBuilder: JsonBuilder<JsonbNode> = {
  string: (value) => value,
  number: (text) => Numeric.parse(text),
  literal: (value) => value,
  array: (items) => items,
  object: (keys, values) => makeObject(keys, values),
};

/** The jsonb tree of JSON text; throws 22P02 / 22P05 as jsonb_in does. */
export function parseJsonbNode(text: string): JsonbNode {
  return parseJson(text, jsonbBuilder);
}

export function parseJsonb(text: string): Jsonb {
  return new Jsonb(parseJsonbNode(text));
}

export const jsonbIO: TypeIO = {
  input: (text) => parseJsonb(text),
  output: (value) => jsonbToText((value as Jsonb).root),
  receive(data) {
    if (data.length === 0) throw insufficientData();
    const version = data[0]!;
    if (version !== JSONB_VERSION) throw new DbError(SqlState.InternalError, `unsupported jsonb version number ${version}`);
    return parseJsonb(decodeUtf8Strict(data.subarray(1)));
  },
  send(value) {
    const text = jsonbToText((value as Jsonb).root);
    const out = Buffer.allocUnsafe(1 + Buffer.byteLength(text, 'utf8'));
    out[0] = JSONB_VERSION;
    out.write(text, 1, 'utf8');
    return out;
  },
};
