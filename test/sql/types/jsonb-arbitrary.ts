// fast-check arbitraries for JSON text, shared by the jsonb type and storage encoding tests:
// documents built from a small alphabet of keys, strings and number spellings, so random
// pairs often share structure (equal keys, numbers equal in value but not in scale, prefixes).
import fc from 'fast-check';
import { parseJsonb } from '../../../src/sql/types/jsonb.js';
import type { Jsonb } from '../../../src/sql/types/jsonb-value.js';

const KEYS = ['a', 'b', 'aa', 'ab', 'é', '', 'B', '😀', 'a\u0001'];
const STRINGS = ['a', 'b', 'ab', '', 'é', '\uffff', '😀', 'tab\there', 'q"uote', 'back\\slash'];
const NUMBERS = ['0', '-0', '1', '1.0', '1.50', '-2', '10', '1e2', '0.001', '-1.5e-3', '123456789012345678901234567890'];

const leaf = fc.oneof(
  fc.constant('null'),
  fc.constant('true'),
  fc.constant('false'),
  fc.constantFrom(...STRINGS).map((s) => JSON.stringify(s)),
  fc.constantFrom(...NUMBERS),
);

const ws = fc.constantFrom('', ' ', '\n ', '\t');

/** JSON text with varied whitespace, duplicate keys and number spellings. */
export const jsonText: fc.Arbitrary<string> = fc.letrec<{ doc: string }>((tie) => ({
  doc: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.array(tie('doc'), { maxLength: 4 }), ws).map(([items, w]) => `[${w}${items.join(`,${w}`)}]`),
    fc
      .tuple(fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('doc')), { maxLength: 4 }), ws)
      .map(([pairs, w]) => `{${pairs.map(([k, v]) => `${w}${JSON.stringify(k)}${w}:${v}`).join(',')}${w}}`),
  ),
})).doc;

export const jsonbValue: fc.Arbitrary<Jsonb> = jsonText.map(parseJsonb);
