// PostgreSQL's DecodeDateTime (date, timestamp, timestamptz input) and DecodeTimeOnly (time
// input): walk the tokenized fields, place each with the helpers in datetime-fields.ts, then
// validate the date, apply AM/PM and resolve any zone named in the text.
// Invariant: errors are DtErr codes until dateTimeParseError() turns them into PostgreSQL's
// messages (22007 syntax, 22008 field out of range, 22009 zone displacement out of range).
import type { TimeZone, TypeContext } from './typeio.js';
import {
  ALL_SECS_MASK, BC, DATE_MASK, Dtk, FieldKind, HR24, AM, PM, KEYWORDS, TIME_MASK, TokType, mask, tokenizeDateTime, tzAbbrevs,
} from './datetime-tokens.js';
import { type DateTimeFields, date2j, j2date } from './datetime-calendar.js';
import { isFixedOffsetZone, resolveTimeZone } from './timezone.js';
import {
  type DecodeState, bad, currentLocalFields, decodeDate, decodeNumber, decodeNumberField, decodeTime, decodeTimezone,
  lookupZone, newFields, overflow, parseFraction, strtoint, timeOverflows, validateDate,
} from './datetime-fields.js';

export { dateTimeParseError, rint, strtoint, parseFraction, timeOverflows, decodeTimezone } from './datetime-fields.js';

export interface DecodedDateTime {
  /** DATE for a normal value, or EPOCH / LATE / EARLY for the special words. */
  dtype: Dtk;
  f: DateTimeFields;
  /** Zone offset in seconds EAST of UTC when the input gave one (numeric or abbreviation). */
  tzOffset: number | null;
  /** A full zone name given in the input, resolved against the date later. */
  namedZone: TimeZone | null;
}

/** DecodeDateTime for date, timestamp and timestamptz input. Throws DtErr. */
export function decodeDateTime(str: string, ctx: TypeContext): DecodedDateTime {
  const fields: string[] = [];
  const kinds: FieldKind[] = [];
  tokenizeDateTime(str, fields, kinds);
  const st: DecodeState = { fmask: 0, f: newFields(), is2digits: false, haveTextMonth: false, doy: 0, isJulian: false };
  const f = st.f;
  let dtype = Dtk.DATE;
  let tzOffset: number | null = null;
  let namedZone: TimeZone | null = null;
  let abbrevZone: TimeZone | null = null;
  let ptype = 0;
  let mer = HR24;
  let bc = false;
    let fmask = 0;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    let tmask = 0;
    switch (kinds[i]) {
      case FieldKind.Date:
        if (ptype === Dtk.JULIAN) {
          const [val, end] = strtoint(field, 0);
          if (val < 0) overflow();
          [f.year, f.month, f.day] = j2date(val);
          st.isJulian = true;
          tzOffset = decodeTimezone(field.slice(end));
          tmask = DATE_MASK | TIME_MASK | mask(TokType.TZ);
          ptype = 0;
        } else if (ptype !== 0 || (fmask & (mask(TokType.MONTH) | mask(TokType.DAY))) === (mask(TokType.MONTH) | mask(TokType.DAY))) {
          if (/^[0-9]/.test(field) || ptype !== 0) {
            if (ptype !== 0) {
              if (ptype !== Dtk.TIME) bad();
              ptype = 0;
            }
            if ((fmask & TIME_MASK) === TIME_MASK) bad();
            const dash = field.indexOf('-');
            if (dash < 0) bad();
            tzOffset = decodeTimezone(field.slice(dash));
            st.fmask = fmask;
            tmask = decodeNumberField(field.slice(0, dash), fmask, st) | mask(TokType.TZ);
          } else {
            namedZone = lookupZone(field);
            tmask = mask(TokType.TZ);
          }
        } else {
          tmask = decodeDate(field, fmask, st, ctx);
        }
        break;
      case FieldKind.Time:
        if (ptype !== 0) {
          if (ptype !== Dtk.TIME) bad();
          ptype = 0;
        }
        decodeTime(field, f);
        tmask = TIME_MASK;
        if (timeOverflows(f.hour, f.minute, f.second, f.fsec)) overflow();
        break;
      case FieldKind.Tz:
        tzOffset = decodeTimezone(field);
        tmask = mask(TokType.TZ);
        break;
      case FieldKind.Number:
        if (ptype !== 0) {
          tmask = unitNumber(ptype, field, fmask, st);
          ptype = 0;
          dtype = Dtk.DATE;
        } else {
          const flen = field.length;
          const dot = field.indexOf('.');
          if (dot >= 0 && !(fmask & DATE_MASK)) tmask = decodeDate(field, fmask, st, ctx);
          else if (dot >= 0 && dot > 2) tmask = decodeNumberField(field, fmask, st);
          else if (flen >= 6 && (!(fmask & DATE_MASK) || !(fmask & TIME_MASK))) tmask = decodeNumberField(field, fmask, st);
          else tmask = decodeNumber(field, fmask, st, ctx);
        }
        break;
      case FieldKind.String:
      case FieldKind.Special: {
        const abbrev = tzAbbrevs().get(field);
        let type: TokType;
        let val = 0;
        if (abbrev !== undefined) {
          type = abbrev.type;
          val = abbrev.offset;
        } else {
          const k = KEYWORDS.get(field);
          type = k === undefined ? TokType.UNKNOWN_FIELD : k.type;
          val = k === undefined ? 0 : k.value;
        }
        if (type === TokType.IGNORE_DTF) continue;
        tmask = mask(type);
        switch (type) {
          case TokType.RESERV:
            switch (val) {
              case Dtk.NOW: {
                tmask = DATE_MASK | TIME_MASK | mask(TokType.TZ);
                dtype = Dtk.DATE;
                const cur = currentLocalFields(ctx);
                Object.assign(f, cur.f);
                tzOffset = cur.offset;
                break;
              }
              case Dtk.YESTERDAY:
              case Dtk.TODAY:
              case Dtk.TOMORROW: {
                tmask = DATE_MASK;
                dtype = Dtk.DATE;
                const cur = currentLocalFields(ctx).f;
                const delta = val === Dtk.YESTERDAY ? -1 : val === Dtk.TOMORROW ? 1 : 0;
                [f.year, f.month, f.day] = j2date(date2j(cur.year, cur.month, cur.day) + delta);
                break;
              }
              case Dtk.ZULU:
                tmask = TIME_MASK | mask(TokType.TZ);
                dtype = Dtk.DATE;
                f.hour = f.minute = f.second = 0;
                tzOffset = 0;
                break;
              default:
                dtype = val;
            }
            break;
          case TokType.MONTH:
            if (fmask & mask(TokType.MONTH) && !st.haveTextMonth && !(fmask & mask(TokType.DAY)) && f.month >= 1 && f.month <= 31) {
              f.day = f.month;
              tmask = mask(TokType.DAY);
            }
            st.haveTextMonth = true;
            f.month = val;
            break;
          case TokType.DTZMOD:
            tmask |= mask(TokType.DTZ);
            if (tzOffset === null) tzOffset = 0;
            tzOffset += val;
            break;
          case TokType.DTZ:
            tmask |= mask(TokType.TZ);
            tzOffset = val;
            break;
          case TokType.TZ:
            tzOffset = val;
            break;
          case TokType.DYNTZ:
            tmask |= mask(TokType.TZ);
            abbrevZone = lookupZone(abbrev!.zone!);
            break;
          case TokType.AMPM:
            mer = val;
            break;
          case TokType.ADBC:
            bc = val === BC;
            break;
          case TokType.DOW:
            break;
          case TokType.UNITS:
            tmask = 0;
            ptype = val;
            break;
          case TokType.ISOTIME:
            tmask = 0;
            if ((fmask & DATE_MASK) !== DATE_MASK) bad();
            // "t" must be followed by the time: hhmmss[.f], hh:mm:ss or hhmmss-zz
            if (i >= fields.length - 1) bad();
            if (kinds[i + 1] !== FieldKind.Number && kinds[i + 1] !== FieldKind.Time && kinds[i + 1] !== FieldKind.Date) bad();
            ptype = val;
            break;
          case TokType.UNKNOWN_FIELD:
            namedZone = resolveTimeZone(field);
            if (namedZone === null) bad();
            tmask = mask(TokType.TZ);
            break;
          default:
            bad();
        }
        break;
      }
      default:
        bad();
    }
    if (tmask & fmask) bad();
    fmask |= tmask;
    st.fmask = fmask;
  }
  validateDate(fmask, st.isJulian, bc, st);
  if (mer !== HR24 && f.hour > 12) overflow();
  if (mer === AM && f.hour === 12) f.hour = 0;
  else if (mer === PM && f.hour !== 12) f.hour += 12;
  if (dtype === Dtk.DATE) {
    if ((fmask & DATE_MASK) !== DATE_MASK) bad();
    if ((namedZone !== null || abbrevZone !== null) && fmask & mask(TokType.DTZMOD)) bad();
    if (abbrevZone !== null) namedZone = abbrevZone;
    if (!(fmask & mask(TokType.TZ)) && fmask & mask(TokType.DTZMOD)) bad();
  }
  return { dtype, f, tzOffset, namedZone };
}

/** DecodeTimeOnly for time input: returns fields (date parts ignored). Throws DtErr. */
export function decodeTimeOnly(str: string, ctx: TypeContext): DateTimeFields {
  const fields: string[] = [];
  const kinds: FieldKind[] = [];
  tokenizeDateTime(str, fields, kinds);
  const st: DecodeState = { fmask: 0, f: newFields(), is2digits: false, haveTextMonth: false, doy: 0, isJulian: false };
  const f = st.f;
  let fmask = 0;
  let ptype = 0;
  let mer = HR24;
  let bc = false;
  let needDate = false; // a zone with DST needs a date to resolve its offset
  const nf = fields.length;
  for (let i = 0; i < nf; i++) {
    const field = fields[i];
    let tmask = 0;
    switch (kinds[i]) {
      case FieldKind.Date:
        if (i === 0 && nf >= 2 && (kinds[nf - 1] === FieldKind.Date || kinds[1] === FieldKind.Time)) {
          tmask = decodeDate(field, fmask, st, ctx);
        } else if (/^[0-9]/.test(field)) {
          if ((fmask & TIME_MASK) === TIME_MASK) bad();
          const dash = field.indexOf('-');
          if (dash < 0) bad();
          decodeTimezone(field.slice(dash));
          st.fmask = fmask;
          tmask = decodeNumberField(field.slice(0, dash), fmask | DATE_MASK, st) | mask(TokType.TZ);
        } else {
          if (!isFixedOffsetZone(lookupZone(field))) needDate = true;
          tmask = mask(TokType.TZ);
        }
        break;
      case FieldKind.Time:
        decodeTime(field, f);
        tmask = TIME_MASK;
        break;
      case FieldKind.Tz:
        decodeTimezone(field);
        tmask = mask(TokType.TZ);
        break;
      case FieldKind.Number: {
        if (ptype !== 0) {
          tmask = unitNumber(ptype, field, fmask, st);
          ptype = 0;
          break;
        }
        const dot = field.indexOf('.');
        if (dot >= 0) {
          if (i === 0 && nf >= 2 && kinds[nf - 1] === FieldKind.Date) tmask = decodeDate(field, fmask, st, ctx);
          else if (dot > 2) tmask = decodeNumberField(field, fmask | DATE_MASK, st);
          else bad();
        } else if (field.length > 4) tmask = decodeNumberField(field, fmask | DATE_MASK, st);
        else tmask = decodeNumber(field, fmask | DATE_MASK, st, ctx);
        break;
      }
      case FieldKind.String:
      case FieldKind.Special: {
        const abbrev = tzAbbrevs().get(field);
        const k = abbrev === undefined ? KEYWORDS.get(field) : undefined;
        const type = abbrev !== undefined ? abbrev.type : k === undefined ? TokType.UNKNOWN_FIELD : k.type;
        const val = abbrev !== undefined ? abbrev.offset : k === undefined ? 0 : k.value;
        if (type === TokType.IGNORE_DTF) continue;
        tmask = mask(type);
        switch (type) {
          case TokType.RESERV:
            if (val === Dtk.NOW) {
              tmask = TIME_MASK;
              const cur = currentLocalFields(ctx).f;
              f.hour = cur.hour;
              f.minute = cur.minute;
              f.second = cur.second;
              f.fsec = cur.fsec;
            } else if (val === Dtk.ZULU) {
              tmask = TIME_MASK | mask(TokType.TZ);
              f.hour = f.minute = f.second = f.fsec = 0;
            } else bad();
            break;
          case TokType.DTZMOD:
            tmask |= mask(TokType.DTZ);
            break;
          case TokType.DTZ:
            tmask |= mask(TokType.TZ);
            break;
          case TokType.TZ:
            break;
          case TokType.DYNTZ:
            tmask |= mask(TokType.TZ);
            break;
          case TokType.AMPM:
            mer = val;
            break;
          case TokType.ADBC:
            bc = val === BC;
            break;
          case TokType.UNITS:
            tmask = 0;
            ptype = val;
            break;
          case TokType.ISOTIME:
            tmask = 0;
            if (i >= nf - 1) bad();
            if (kinds[i + 1] !== FieldKind.Number && kinds[i + 1] !== FieldKind.Time && kinds[i + 1] !== FieldKind.Date) bad();
            ptype = val;
            break;
          case TokType.UNKNOWN_FIELD: {
            const zone = resolveTimeZone(field);
            if (zone === null) bad();
            if (!isFixedOffsetZone(zone)) needDate = true;
            tmask = mask(TokType.TZ);
            break;
          }
          default:
            bad();
        }
        break;
      }
      default:
        bad();
    }
    if (tmask & fmask) bad();
    fmask |= tmask;
    st.fmask = fmask;
  }
  validateDate(fmask, st.isJulian, bc, st);
  if (mer !== HR24 && f.hour > 12) overflow();
  if (mer === AM && f.hour === 12) f.hour = 0;
  else if (mer === PM && f.hour !== 12) f.hour += 12;
  if (timeOverflows(f.hour, f.minute, f.second, f.fsec)) overflow();
  if ((fmask & TIME_MASK) !== TIME_MASK) bad();
  if (needDate && (fmask & DATE_MASK) !== DATE_MASK) bad();
  if (!(fmask & mask(TokType.TZ)) && fmask & mask(TokType.DTZMOD)) bad(); // "dst" needs a zone
  return f;
}

/**
 * A number after a unit word ("j 2451545", "y 2024", "t 040506"): the value goes to the field
 * the unit names (the ptype switch of DecodeDateTime / DecodeTimeOnly). Returns the tmask.
 */
export function unitNumber(ptype: number, field: string, fmask: number, st: DecodeState): number {
  const f = st.f;
  let tmask = 0;
  const [val, end] = strtoint(field, 0);
  if (field[end] === '.') {
    if (ptype !== Dtk.JULIAN && ptype !== Dtk.TIME && ptype !== Dtk.SECOND) bad();
  } else if (end !== field.length) bad();
  switch (ptype) {
    case Dtk.YEAR:
      f.year = val;
      tmask = mask(TokType.YEAR);
      break;
    case Dtk.MONTH:
      if ((fmask & mask(TokType.MONTH)) && (fmask & mask(TokType.HOUR))) {
        f.minute = val;
        tmask = mask(TokType.MINUTE);
      } else {
        f.month = val;
        tmask = mask(TokType.MONTH);
      }
      break;
    case Dtk.DAY:
      f.day = val;
      tmask = mask(TokType.DAY);
      break;
    case Dtk.HOUR:
      f.hour = val;
      tmask = mask(TokType.HOUR);
      break;
    case Dtk.MINUTE:
      f.minute = val;
      tmask = mask(TokType.MINUTE);
      break;
    case Dtk.SECOND:
      f.second = val;
      tmask = mask(TokType.SECOND);
      if (field[end] === '.') {
        f.fsec = parseFraction(field, end);
        tmask = ALL_SECS_MASK;
      }
      break;
    case Dtk.JULIAN:
      if (val < 0) overflow();
      tmask = DATE_MASK;
      [f.year, f.month, f.day] = j2date(val);
      st.isJulian = true;
      if (field[end] === '.') {
        const frac = Number(field.slice(end));
        if (frac !== frac) bad();
        let t = Math.round(frac * 86400e6); // dt2time of the fraction of a day
        f.hour = Math.floor(t / 3600e6);
        t -= f.hour * 3600e6;
        f.minute = Math.floor(t / 60e6);
        t -= f.minute * 60e6;
        f.second = Math.floor(t / 1e6);
        f.fsec = t - f.second * 1e6;
        tmask |= TIME_MASK;
      }
      break;
    case Dtk.TIME:
            tmask = decodeNumberField(field, fmask | DATE_MASK, st);
      if (tmask !== TIME_MASK) bad();
      break;
    default:
      bad();
  }
  return tmask;
}
