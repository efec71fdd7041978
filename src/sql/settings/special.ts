// Settings whose values have a syntax of their own, checked and canonicalised as PostgreSQL's
// check hooks do: DateStyle, TimeZone, client_encoding, application_name and a few that
// Treeline accepts only in the form it implements.
import { DbError, SqlState, notSupported } from '../../errors.js';
import { parseInterval } from '../types/interval.js';
import { resolveTimeZone } from '../types/timezone.js';
import type { TypeContext } from '../types/typeio.js';
import type { SettingDefinition } from './definitions.js';
import { invalidValue, parseBool } from './values.js';

/** A check hook: returns the canonical value or throws; `current` is the value in effect. */
type CheckHook = (def: SettingDefinition, value: string, current: string) => string;

/** DateStyle: an output style and/or a field order, e.g. `ISO, MDY`, `German`, `DMY`. */
function checkDateStyle(def: SettingDefinition, value: string, current: string): string {
  let [style, order] = current.split(/\s*,\s*/) as [string, string];
  let styles = 0;
  let orders = 0;
  for (const raw of value.split(/[\s,]+/).filter((t) => t.length > 0)) {
    const token = raw.toUpperCase();
    if (token === 'ISO' || token === 'SQL' || token.startsWith('POSTGRES') || token === 'GERMAN') {
      style = token === 'ISO' ? 'ISO' : token === 'SQL' ? 'SQL' : token === 'GERMAN' ? 'German' : 'Postgres';
      styles++;
      // German implies day-first unless an order is given
      if (token === 'GERMAN' && orders === 0) order = 'DMY';
    } else if (token === 'YMD' || token === 'DMY' || token.startsWith('EURO') || token === 'MDY' || token === 'US' || token.startsWith('NONEURO')) {
      order = token === 'YMD' ? 'YMD' : token === 'DMY' || token.startsWith('EURO') ? 'DMY' : 'MDY';
      orders++;
    } else if (token === 'DEFAULT') {
      [style, order] = def.defaultValue.split(/\s*,\s*/) as [string, string];
      styles++;
      orders++;
    } else {
      throw new DbError(SqlState.InvalidParameterValue, `invalid value for parameter "DateStyle": "${value}"`, {
        detail: `Unrecognized key word: "${raw}".`,
      });
    }
  }
  if (styles > 1 || orders > 1) {
    throw new DbError(SqlState.InvalidParameterValue, `invalid value for parameter "DateStyle": "${value}"`, {
      detail: 'Conflicting "datestyle" specifications.',
    });
  }
  return `${style}, ${order}`;
}

function checkTimeZone(def: SettingDefinition, value: string): string {
  const interval = /^interval\s*'([^']*)'/i.exec(value.trim());
  if (interval) return intervalTimeZone(def, value, interval[1]!);
  const tz = resolveTimeZone(value.trim());
  if (!tz) throw invalidValue(def, value);
  return tz.name;
}

/**
 * `SET TIME ZONE INTERVAL '-08:00' HOUR TO MINUTE` (flattened to INTERVAL '...'): a fixed
 * offset, named as PostgreSQL's pg_tzset_offset names it (`<-08>+08`: POSIX signs are reversed).
 */
function intervalTimeZone(def: SettingDefinition, value: string, text: string): string {
  const iv = parseInterval(text, -1, { intervalStyle: 'postgres' } as TypeContext);
  const invalid = (detail: string) => new DbError(SqlState.InvalidParameterValue, `invalid value for parameter "${def.name}": "${value}"`, { detail });
  if (iv.months !== 0) throw invalid('Cannot specify months in time zone interval.');
  if (iv.days !== 0) throw invalid('Cannot specify days in time zone interval.');
  const gmtOffset = -Number(iv.micros / 1_000_000n);
  let rest = Math.abs(gmtOffset);
  let offset = String(Math.trunc(rest / 3600)).padStart(2, '0');
  rest %= 3600;
  if (rest !== 0) {
    offset += `:${String(Math.trunc(rest / 60)).padStart(2, '0')}`;
    rest %= 60;
    if (rest !== 0) offset += `:${String(rest).padStart(2, '0')}`;
  }
  const name = gmtOffset > 0 ? `<-${offset}>+${offset}` : `<+${offset}>-${offset}`;
  const tz = resolveTimeZone(name);
  if (!tz) throw invalidValue(def, value);
  return tz.name;
}

const ENCODING_ALIASES: Record<string, string> = {
  utf8: 'UTF8',
  unicode: 'UTF8',
  sqlascii: 'SQL_ASCII',
};

/** client_encoding: Treeline speaks UTF8 (SQL_ASCII is accepted for plain ASCII clients). */
function checkClientEncoding(def: SettingDefinition, value: string): string {
  const key = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  const name = ENCODING_ALIASES[key];
  if (name === 'UTF8') return name;
  if (name === 'SQL_ASCII') return 'UTF8';
  const known = /^(latin[1-9]|latin10|win\d+|iso8859\d+|euc[a-z]+|sjis|big5|gbk|gb18030|koi8[ru]|uhc|johab|mulecinternal|windows\d+|shiftjis\d*)$/;
  if (known.test(key)) throw notSupported(`client_encoding "${value}"`);
  throw invalidValue(def, value);
}

/** application_name: at most 63 bytes, non-printable and non-ASCII characters become '?'. */
function checkApplicationName(_def: SettingDefinition, value: string): string {
  let clean = value.replace(/[^\x20-\x7e]/g, '?');
  if (clean.length > 63) clean = clean.slice(0, 63);
  return clean;
}

function checkStandardConformingStrings(def: SettingDefinition, value: string): string {
  const b = parseBool(value);
  if (b === null) throw new DbError(SqlState.InvalidParameterValue, `parameter "${def.name}" requires a Boolean value`);
  if (!b) throw notSupported('standard_conforming_strings = off');
  return 'on';
}

function checkRole(def: SettingDefinition, value: string): string {
  const v = value.trim();
  if (def.name === 'role' && v.toLowerCase() === 'none') return 'none';
  if (v === 'postgres') return v;
  throw new DbError(SqlState.InvalidParameterValue, `role "${v}" does not exist`);
}

const HOOKS: Record<string, CheckHook> = {
  datestyle: checkDateStyle,
  timezone: checkTimeZone,
  log_timezone: checkTimeZone,
  client_encoding: checkClientEncoding,
  application_name: checkApplicationName,
  standard_conforming_strings: checkStandardConformingStrings,
  role: checkRole,
  session_authorization: checkRole,
};

/** Runs the setting's own check, if it has one; otherwise returns the value unchanged. */
export function runCheckHook(def: SettingDefinition, value: string, current: string): string {
  const hook = HOOKS[def.name.toLowerCase()];
  return hook ? hook(def, value, current) : value;
}
