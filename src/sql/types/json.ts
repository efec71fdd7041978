// json: input validates the text with PostgreSQL's JSON grammar and error reports (22P02
// "invalid input syntax for type json", a DETAIL naming the bad token, and a CONTEXT line
// "JSON data, line N: ..." as the error's `where`; see json-parse.ts); the value is the text
// unchanged, whitespace, key order and duplicate keys included. Strings are not de-escaped on
// input, so lone surrogates and \u0000 are accepted here, as PostgreSQL accepts them.
// Binary layout: the raw UTF-8 text.
import type { TypeIO } from './typeio.js';
import { validateJson } from './json-parse.js';
import { decodeUtf8Strict } from './utf8.js';

export { validateJson } from './json-parse.js';

export const jsonIO: TypeIO = {
  input(text) {
    validateJson(text);
    return text;
  },
  output: (value) => value as string,
  receive(data) {
    const text = decodeUtf8Strict(data);
    validateJson(text);
    return text;
  },
  send: (value) => Buffer.from(value as string, 'utf8'),
};
