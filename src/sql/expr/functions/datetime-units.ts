// The unit names of extract / date_part / date_trunc, decoded as PostgreSQL's DecodeUnits
// (the interval-unit table, deltatktbl) with the DecodeSpecial fallback (the datetime keyword
// table) that extract uses, plus the "unit ... not recognized / not supported" errors.
// Invariant: lookups use the lower-cased name cut to TOKMAXLEN (10) characters, as PostgreSQL
// compares only that many, so "microseconds" and "timezone_hour" match; messages quote the
// whole lower-cased name (downcase_truncate_identifier: ASCII lower-casing, 63 bytes).
import { DbError, SqlState } from '../../../errors.js';
import { Dtk, KEYWORDS, TokType } from '../../types/datetime-tokens.js';
import { asciiLower, clipUtf8 } from './text-chars.js';

const TOKMAXLEN = 10;

/** deltatktbl entries of type UNITS (the "@", "ago" and reserved entries never name a unit). */
const UNITS = new Map<string, Dtk>([
  ['c', Dtk.CENTURY], ['cent', Dtk.CENTURY], ['centuries', Dtk.CENTURY], ['century', Dtk.CENTURY],
  ['d', Dtk.DAY], ['day', Dtk.DAY], ['days', Dtk.DAY],
  ['dec', Dtk.DECADE], ['decade', Dtk.DECADE], ['decades', Dtk.DECADE], ['decs', Dtk.DECADE],
  ['h', Dtk.HOUR], ['hour', Dtk.HOUR], ['hours', Dtk.HOUR], ['hr', Dtk.HOUR], ['hrs', Dtk.HOUR],
  ['m', Dtk.MINUTE], ['min', Dtk.MINUTE], ['mins', Dtk.MINUTE], ['minute', Dtk.MINUTE], ['minutes', Dtk.MINUTE],
  ['microsecon', Dtk.MICROSEC], ['us', Dtk.MICROSEC], ['usec', Dtk.MICROSEC], ['usecond', Dtk.MICROSEC],
  ['useconds', Dtk.MICROSEC], ['usecs', Dtk.MICROSEC],
  ['mil', Dtk.MILLENNIUM], ['millennia', Dtk.MILLENNIUM], ['millennium', Dtk.MILLENNIUM], ['mils', Dtk.MILLENNIUM],
  ['millisecon', Dtk.MILLISEC], ['ms', Dtk.MILLISEC], ['msec', Dtk.MILLISEC], ['msecond', Dtk.MILLISEC],
  ['mseconds', Dtk.MILLISEC], ['msecs', Dtk.MILLISEC],
  ['mon', Dtk.MONTH], ['mons', Dtk.MONTH], ['month', Dtk.MONTH], ['months', Dtk.MONTH],
  ['qtr', Dtk.QUARTER], ['quarter', Dtk.QUARTER],
  ['s', Dtk.SECOND], ['sec', Dtk.SECOND], ['second', Dtk.SECOND], ['seconds', Dtk.SECOND], ['secs', Dtk.SECOND],
  ['timezone', Dtk.TZ], ['timezone_h', Dtk.TZ_HOUR], ['timezone_m', Dtk.TZ_MINUTE],
  ['w', Dtk.WEEK], ['week', Dtk.WEEK], ['weeks', Dtk.WEEK],
  ['y', Dtk.YEAR], ['year', Dtk.YEAR], ['years', Dtk.YEAR], ['yr', Dtk.YEAR], ['yrs', Dtk.YEAR],
]);

export const enum UnitKind {
  /** A field unit (DTK_* in `unit`). */
  Units,
  /** A reserved word (epoch, now, infinity, ...). */
  Reserved,
  /** Anything else: "not recognized". */
  Unknown,
}

export interface DecodedUnit {
  kind: UnitKind;
  unit: Dtk;
  /** The lower-cased name, as error messages quote it. */
  lower: string;
}

/** downcase_truncate_identifier: ASCII letters lower-cased, cut to 63 bytes. */
export function downcaseIdentifier(s: string): string {
  const out = asciiLower(s);
  return out.length > 21 ? clipUtf8(out, 63) : out;
}

const unitCache = new Map<string, DecodedUnit>();
const specialCache = new Map<string, DecodedUnit>();

/**
 * DecodeUnits, and DecodeSpecial when `special` is set (extract / date_part) and the name is
 * not a unit. date_trunc uses DecodeUnits alone.
 */
export function decodeUnit(text: string, special: boolean): DecodedUnit {
  const cache = special ? specialCache : unitCache;
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const lower = downcaseIdentifier(text);
  const token = lower.length > TOKMAXLEN ? lower.slice(0, TOKMAXLEN) : lower;
  let result: DecodedUnit = { kind: UnitKind.Unknown, unit: Dtk.NUMBER, lower };
  const unit = UNITS.get(token);
  if (unit !== undefined) result = { kind: UnitKind.Units, unit, lower };
  else if (special) {
    const k = KEYWORDS.get(token);
    if (k !== undefined && k.type === TokType.UNITS) result = { kind: UnitKind.Units, unit: k.value as Dtk, lower };
    else if (k !== undefined && k.type === TokType.RESERV) result = { kind: UnitKind.Reserved, unit: k.value as Dtk, lower };
  }
  if (cache.size > 500) cache.clear();
  cache.set(text, result);
  return result;
}

/** 22023 unit "x" not recognized for type T. */
export function unitNotRecognized(lower: string, typeName: string): DbError {
  return new DbError(SqlState.InvalidParameterValue, `unit "${lower}" not recognized for type ${typeName}`);
}

/** 0A000 unit "x" not supported for type T. */
export function unitNotSupported(lower: string, typeName: string, detail?: string): DbError {
  return new DbError(SqlState.FeatureNotSupported, `unit "${lower}" not supported for type ${typeName}`, detail === undefined ? {} : { detail });
}
