// The built-in function implementations, keyed by pg_proc.prosrc: one merged table of every
// functions/*.ts module. functionImpl() is how the rest of Treeline finds them.
// Invariant: a prosrc is defined by exactly one module (checked when the table is built), and
// each key is an internal function's prosrc in PostgreSQL 15's pg_proc (checked by the tests).
import { arrayFunctions } from './array.js';
import { arrayCompareFunctions } from './array-compare.js';
import { setElementImplementationLookup } from './array-element-ops.js';
import { arrayStringFunctions } from './array-string.js';
import { byteaFunctions } from './bytea.js';
import { castFunctions } from './casts.js';
import { catalogInfoFunctions } from './catalog-info.js';
import { objectDefinitionFunctions } from './object-definitions.js';
import { objectSizeFunctions } from './object-size.js';
import { networkFunctions } from './network.js';
import { functionSignatureFunctions } from './function-signatures.js';
import { privilegeFunctions } from './privileges.js';
import { compareFunctions } from './compare.js';
import { datetimeArithFunctions } from './datetime-arith.js';
import { datetimeCompareFunctions } from './datetime-compare.js';
import { datetimeExtractFunctions } from './datetime-extract.js';
import { datetimeMakeFunctions } from './datetime-make.js';
import { datetimeTruncFunctions } from './datetime-trunc.js';
import { datetimeZoneFunctions } from './datetime-zone.js';
import { encodeFunctions } from './encode.js';
import { enumFunctions } from './enum.js';
import { floatFunctions } from './float.js';
import { intArithFunctions } from './int-arith.js';
import { jsonAccessFunctions } from './json-access.js';
import { jsonBuildFunctions } from './json-build.js';
import { jsonPopulateFunctions } from './json-populate.js';
import { jsonbCastFunctions } from './jsonb-casts.js';
import { jsonbModifyFunctions } from './jsonb-modify.js';
import { jsonbOpsFunctions } from './jsonb-ops.js';
import { likeFunctions } from './like.js';
import { mathFunctions } from './math.js';
import { numericFunctions } from './numeric.js';
import { randomFunctions } from './random.js';
import { recordCompareFunctions } from './record-compare.js';
import { regexFunctions } from './regex.js';
import { sequenceFunctions } from './sequence.js';
import type { FnImpl, FunctionTable } from './registry.js';
import { similarFunctions } from './similar.js';
import { stringFormatFunctions } from './string-format.js';
import { stringFunctions } from './string.js';
import { systemFunctions } from './system.js';
import { textCompareFunctions } from './text-compare.js';
import { toCharDatetimeFunctions } from './to-char-datetime.js';
import { toCharNumericFunctions } from './to-char-numeric.js';
import { toTimestampFunctions } from './to-timestamp.js';
import { trigFunctions } from './trig.js';

const MODULES: Record<string, FunctionTable> = {
  'int-arith': intArithFunctions,
  compare: compareFunctions,
  float: floatFunctions,
  math: mathFunctions,
  trig: trigFunctions,
  casts: castFunctions,
  'text-compare': textCompareFunctions,
  string: stringFunctions,
  'string-format': stringFormatFunctions,
  like: likeFunctions,
  similar: similarFunctions,
  regex: regexFunctions,
  bytea: byteaFunctions,
  encode: encodeFunctions,
  system: systemFunctions,
  random: randomFunctions,
  numeric: numericFunctions,
  'datetime-compare': datetimeCompareFunctions,
  'datetime-arith': datetimeArithFunctions,
  'datetime-make': datetimeMakeFunctions,
  'datetime-zone': datetimeZoneFunctions,
  'datetime-extract': datetimeExtractFunctions,
  'datetime-trunc': datetimeTruncFunctions,
  'to-char-datetime': toCharDatetimeFunctions,
  'to-char-numeric': toCharNumericFunctions,
  'to-timestamp': toTimestampFunctions,
  sequence: sequenceFunctions,
  array: arrayFunctions,
  'array-compare': arrayCompareFunctions,
  'array-string': arrayStringFunctions,
  'json-access': jsonAccessFunctions,
  'jsonb-ops': jsonbOpsFunctions,
  'jsonb-casts': jsonbCastFunctions,
  'json-build': jsonBuildFunctions,
  'jsonb-modify': jsonbModifyFunctions,
  'json-populate': jsonPopulateFunctions,
  'catalog-info': catalogInfoFunctions,
  'object-definitions': objectDefinitionFunctions,
  'object-size': objectSizeFunctions,
  network: networkFunctions,
  'function-signatures': functionSignatureFunctions,
  privileges: privilegeFunctions,
  enum: enumFunctions,
  'record-compare': recordCompareFunctions,
};

function merge(): Map<string, FnImpl> {
  const all = new Map<string, FnImpl>();
  const owner = new Map<string, string>();
  for (const [module, table] of Object.entries(MODULES)) {
    for (const [prosrc, fn] of Object.entries(table)) {
      const previous = owner.get(prosrc);
      if (previous !== undefined) throw new Error(`prosrc ${prosrc} is defined by both ${previous} and ${module}`);
      owner.set(prosrc, module);
      all.set(prosrc, fn);
    }
  }
  return all;
}

const implementations = merge();
setElementImplementationLookup((prosrc) => implementations.get(prosrc));

/** The implementation of the internal function with this prosrc, if Treeline has one. */
export function functionImpl(prosrc: string): FnImpl | undefined {
  return implementations.get(prosrc);
}

/** Every implemented prosrc, sorted. */
export function implementedProsrcs(): string[] {
  return [...implementations.keys()].sort();
}
