// Parsing and printing setting values as PostgreSQL's GUC code does: booleans with their many
// spellings, integers and reals with units (`64MB`, `1min`, `0x10`), enums. Values are stored
// in canonical text: integers and reals in the setting's base unit, booleans as on/off, enums
// in their catalog spelling; SHOW prints integers in the largest unit that divides them.
import { DbError, SqlState } from '../../errors.js';
import type { SettingDefinition } from './definitions.js';

/** Sizes of units in bytes (memory) or milliseconds (time), largest first. */
type UnitTable = readonly (readonly [unit: string, size: number])[];

const MEMORY_UNITS: UnitTable = [
  ['TB', 1024 ** 4],
  ['GB', 1024 ** 3],
  ['MB', 1024 ** 2],
  ['kB', 1024],
  ['B', 1],
];
const TIME_UNITS: UnitTable = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
  ['ms', 1],
  ['us', 0.001],
];
/** The base units settings are declared in, with the table they belong to and their size. */
const BASE_UNITS: Record<string, { table: UnitTable; size: number }> = {
  B: { table: MEMORY_UNITS, size: 1 },
  kB: { table: MEMORY_UNITS, size: 1024 },
  '8kB': { table: MEMORY_UNITS, size: 8192 },
  MB: { table: MEMORY_UNITS, size: 1024 ** 2 },
  ms: { table: TIME_UNITS, size: 1 },
  s: { table: TIME_UNITS, size: 1000 },
  min: { table: TIME_UNITS, size: 60_000 },
};

const MEMORY_HINT = 'Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".';
const TIME_HINT = 'Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".';

export function invalidValue(def: SettingDefinition, value: string, hint?: string, name = def.name): DbError {
  return new DbError(SqlState.InvalidParameterValue, `invalid value for parameter "${name}": "${value}"`, {
    hint,
  });
}

/** PostgreSQL's parse_bool: on/off, true/false, yes/no, 1/0 and unique prefixes. */
export function parseBool(text: string): boolean | null {
  const v = text.trim().toLowerCase();
  if (v.length === 0) return null;
  const prefixOf = (word: string, min: number) => v.length >= min && word.startsWith(v);
  if (prefixOf('true', 1) || prefixOf('yes', 1) || v === '1' || prefixOf('on', 2)) return true;
  if (prefixOf('false', 1) || prefixOf('no', 1) || v === '0' || prefixOf('off', 2)) return false;
  return null;
}

const NUMBER_PREFIX = /^\s*([-+]?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?))/;

/**
 * A number with an optional unit, converted to the setting's base unit; null when the text
 * is not acceptable (the hint says why, when PostgreSQL gives one).
 */
function parseWithUnit(def: SettingDefinition, text: string): { value: number } | { hint?: string } {
  const m = NUMBER_PREFIX.exec(text);
  if (!m) return {};
  const literal = m[1]!;
  let value: number;
  if (/^[-+]?0[xX]/.test(literal)) {
    value = Number.parseInt(literal, 16);
  } else if (/^[-+]?0\d+$/.test(literal)) {
    value = Number.parseInt(literal, 8); // strtol base 0 reads a leading zero as octal
  } else {
    value = Number(literal);
  }
  const unit = text.slice(m[0].length).trim();
  if (unit === '') return { value };
  const base = def.unit ? BASE_UNITS[def.unit] : undefined;
  if (!base) return {};
  const index = base.table.findIndex(([u]) => u === unit);
  const hint = base.table === MEMORY_UNITS ? MEMORY_HINT : TIME_HINT;
  if (index < 0) return { hint };
  let converted = (value * base.table[index]![1]) / base.size;
  const next = base.table[index + 1];
  if (next) {
    const step = next[1] / base.size;
    converted = Math.round(converted / step) * step;
  }
  return { value: converted };
}

/**
 * Checks a value for a setting and returns its canonical stored form. `name` is the name as
 * the user wrote it: PostgreSQL's value errors quote it that way (hooks use the canonical one).
 */
export function canonicalSettingValue(def: SettingDefinition, text: string, name = def.name): string {
  switch (def.type) {
    case 'bool': {
      const b = parseBool(text);
      if (b === null) {
        throw new DbError(SqlState.InvalidParameterValue, `parameter "${name}" requires a Boolean value`);
      }
      return b ? 'on' : 'off';
    }
    case 'integer': {
      const parsed = parseWithUnit(def, text);
      if (!('value' in parsed) || Number.isNaN(parsed.value)) throw invalidValue(def, text, 'hint' in parsed ? parsed.hint : undefined, name);
      const value = Math.round(parsed.value);
      if (value > 2147483647 || value < -2147483648) throw invalidValue(def, text, 'Value exceeds integer range.', name);
      if ((def.min !== null && value < def.min) || (def.max !== null && value > def.max)) {
        const unit = def.unit ? ` ${def.unit}` : '';
        throw new DbError(
          SqlState.InvalidParameterValue,
          `${value}${unit} is outside the valid range for parameter "${name}" (${def.min} .. ${def.max})`,
        );
      }
      return String(value);
    }
    case 'real': {
      const parsed = parseWithUnit(def, text);
      if (!('value' in parsed) || Number.isNaN(parsed.value)) throw invalidValue(def, text, 'hint' in parsed ? parsed.hint : undefined, name);
      const value = parsed.value;
      if ((def.min !== null && value < def.min) || (def.max !== null && value > def.max)) {
        const unit = def.unit ? ` ${def.unit}` : '';
        throw new DbError(
          SqlState.InvalidParameterValue,
          `${formatG(value)}${unit} is outside the valid range for parameter "${name}" (${formatG(def.min ?? 0)} .. ${formatG(def.max ?? 0)})`,
        );
      }
      return String(value);
    }
    case 'enum': {
      const v = text.trim().toLowerCase();
      const found = def.enumValues?.find((e) => e.toLowerCase() === v);
      if (found === undefined) {
        throw invalidValue(def, text, `Available values: ${(def.enumValues ?? []).join(', ')}.`, name);
      }
      return found;
    }
    case 'string':
      return text;
  }
}

/** The value as SHOW prints it: numbers with units in the largest unit that divides them. */
export function displaySettingValue(def: SettingDefinition, stored: string): string {
  if (def.type === 'integer' || def.type === 'real') {
    const base = def.unit ? BASE_UNITS[def.unit] : undefined;
    const value = Number(stored);
    if (!base || !(value > 0)) return def.type === 'real' ? formatG(value) : stored;
    for (let i = 0; i < base.table.length; i++) {
      const [unit, size] = base.table[i]!;
      const ratio = size / base.size;
      const last = i === base.table.length - 1;
      if (def.type === 'integer') {
        if (ratio <= 1 || value % ratio === 0) return `${Math.round(value / ratio)}${unit}`;
      } else {
        const scaled = value / ratio;
        if ((scaled > 0 && Math.abs(Math.round(scaled) / scaled - 1) <= 1e-8) || last) {
          return `${formatG(scaled)}${unit}`;
        }
      }
    }
  }
  return stored;
}

/** C's `%g`: six significant digits, exponent form below 1e-4 or from 1e6. */
export function formatG(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [mant, e] = value.toExponential(5).split('e') as [string, string];
    const trimmed = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    const n = Number(e);
    return `${trimmed}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const fixed = value.toFixed(Math.max(0, 5 - exp));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
