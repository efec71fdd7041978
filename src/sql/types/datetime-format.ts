// Text output of dates, times and timestamps per DateStyle (ISO, SQL, Postgres, German) and
// DateOrder, as PostgreSQL's EncodeDateOnly / EncodeTimeOnly / EncodeDateTime print them:
// years below 1 print as "<n> BC", fractional seconds without trailing zeros, zone offsets as
// +hh[:mm[:ss]] (ISO) or the zone abbreviation (SQL, Postgres, German).
// Invariant: pure functions of their arguments; nothing here reads session state.
import type { DateOrder, DateStyleName } from './typeio.js';
import { type DateTimeFields, date2j, j2day } from './datetime-calendar.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Zero-pads a non-negative integer to `width` digits. */
export function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Year as printed: 1 BC is year 0 internally. */
function displayYear(year: number): string {
  return pad(year > 0 ? year : -(year - 1), 4);
}

/** Seconds with an optional fraction, trailing zeros removed (AppendSeconds). */
export function formatSeconds(sec: number, fsec: number, fillZeros = true): string {
  const a = Math.abs(sec);
  const s = fillZeros ? pad2(a) : String(a);
  if (fsec === 0) return s;
  let frac = pad(Math.abs(fsec), 6);
  let end = 6;
  while (end > 1 && frac.charCodeAt(end - 1) === 48) end--;
  frac = frac.slice(0, end);
  return s + '.' + frac;
}

/** The date part per DateStyle (EncodeDateOnly). */
export function formatDate(f: DateTimeFields, style: DateStyleName, order: DateOrder): string {
  let out: string;
  switch (style) {
    case 'ISO':
      out = displayYear(f.year) + '-' + pad2(f.month) + '-' + pad2(f.day);
      break;
    case 'SQL':
      out = order === 'DMY' ? pad2(f.day) + '/' + pad2(f.month) : pad2(f.month) + '/' + pad2(f.day);
      out += '/' + displayYear(f.year);
      break;
    case 'German':
      out = pad2(f.day) + '.' + pad2(f.month) + '.' + displayYear(f.year);
      break;
    default:
      out = order === 'DMY' ? pad2(f.day) + '-' + pad2(f.month) : pad2(f.month) + '-' + pad2(f.day);
      out += '-' + displayYear(f.year);
  }
  return f.year <= 0 ? out + ' BC' : out;
}

/** hh:mm:ss[.ffffff] (EncodeTimeOnly without a zone). */
export function formatTime(hour: number, minute: number, second: number, fsec: number): string {
  return pad2(hour) + ':' + pad2(minute) + ':' + formatSeconds(second, fsec);
}

/** A zone offset (seconds east) as +hh, +hh:mm or +hh:mm:ss (EncodeTimezone). */
export function formatOffset(east: number): string {
  const a = Math.abs(east);
  const hour = Math.floor(a / 3600);
  const min = Math.floor((a % 3600) / 60);
  const sec = a % 60;
  const sign = east >= 0 ? '+' : '-';
  if (sec !== 0) return sign + pad2(hour) + ':' + pad2(min) + ':' + pad2(sec);
  if (min !== 0) return sign + pad2(hour) + ':' + pad2(min);
  return sign + pad2(hour);
}

/**
 * A timestamp per DateStyle (EncodeDateTime). `offset` (seconds east) and `abbrev` are given
 * for timestamptz; both null for timestamp.
 */
export function formatDateTime(
  f: DateTimeFields,
  style: DateStyleName,
  order: DateOrder,
  offset: number | null,
  abbrev: string | null,
): string {
  const time = pad2(f.hour) + ':' + pad2(f.minute) + ':' + formatSeconds(f.second, f.fsec);
  const year = displayYear(f.year);
  let out: string;
  switch (style) {
    case 'ISO':
      out = year + '-' + pad2(f.month) + '-' + pad2(f.day) + ' ' + time;
      if (offset !== null) out += formatOffset(offset);
      break;
    case 'SQL':
    case 'German':
      if (style === 'SQL') {
        out = order === 'DMY' ? pad2(f.day) + '/' + pad2(f.month) : pad2(f.month) + '/' + pad2(f.day);
        out += '/' + year + ' ' + time;
      } else {
        out = pad2(f.day) + '.' + pad2(f.month) + '.' + year + ' ' + time;
      }
      if (offset !== null) out += abbrev !== null ? ' ' + abbrev : formatOffset(offset);
      break;
    default: {
      const dow = DAYS[j2day(date2j(f.year, f.month, f.day))];
      out = dow + ' ';
      out += order === 'DMY' ? pad2(f.day) + ' ' + MONTHS[f.month - 1] : MONTHS[f.month - 1] + ' ' + pad2(f.day);
      out += ' ' + time + ' ' + year;
      if (offset !== null) out += ' ' + (abbrev !== null ? abbrev : formatOffset(offset));
    }
  }
  return f.year <= 0 ? out + ' BC' : out;
}
