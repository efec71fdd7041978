// POSIX TZ strings ("EST5EDT,M3.2.0,M11.1.0", "<+03>-3", "UTC+3"), as PostgreSQL's tzparse
// reads them: the offset after a name counts hours WEST of Greenwich; a DST name without a rule
// uses the US rule M3.2.0,M11.1.0; rule dates are Jn, n or Mm.w.d with an optional /time.
// Used for POSIX zone settings and for the footer rule of TZif files (times after the table).
// Invariant: PosixRule.at() reports offsets in seconds EAST of UTC.

interface RuleDate {
  kind: 'J' | 'N' | 'M';
  /** J: 1..365 (no Feb 29); N: 0..365; M: month 1..12 */
  a: number;
  /** M: week 1..5 (5 = last) */
  week: number;
  /** M: weekday 0 = Sunday */
  day: number;
  /** seconds after local midnight at which the change happens */
  time: number;
}

export interface ZoneState {
  offset: number;
  abbrev: string;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
/** Days from 1970-01-01 to y-01-01 (proleptic Gregorian). */
function daysToYear(y: number): number {
  const y1 = y - 1;
  return 365 * (y - 1970) + Math.floor(y1 / 4) - Math.floor(y1 / 100) + Math.floor(y1 / 400) - 477;
}

export class PosixRule {
  private readonly std: ZoneState;
  private readonly dst: ZoneState | null;
  private yearCache = -1e9;
  private startCache = 0;
  private endCache = 0;
  constructor(
    stdAbbrev: string,
    stdWest: number,
    dstAbbrev: string | null,
    private readonly dstWest: number,
    private readonly start: RuleDate | null,
    private readonly end: RuleDate | null,
    private readonly stdWestSecs = stdWest,
  ) {
    this.std = { offset: -stdWest, abbrev: stdAbbrev };
    this.dst = dstAbbrev === null ? null : { offset: -dstWest, abbrev: dstAbbrev };
  }

  /** Unix time of a rule date's local time in a year, given the offset (west) in force. */
  private transition(year: number, r: RuleDate, west: number): number {
    let day: number; // day of year, 0-based
    if (r.kind === 'J') day = r.a - 1 + (isLeap(year) && r.a >= 60 ? 1 : 0);
    else if (r.kind === 'N') day = r.a;
    else {
      let first = 0;
      for (let m = 0; m < r.a - 1; m++) first += DAYS_IN_MONTH[m] + (m === 1 && isLeap(year) ? 1 : 0);
      const dow0 = (((daysToYear(year) + first + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
      let d = (r.day - dow0 + 7) % 7 + (r.week - 1) * 7;
      const mdays = DAYS_IN_MONTH[r.a - 1] + (r.a === 2 && isLeap(year) ? 1 : 0);
      while (d >= mdays) d -= 7;
      day = first + d;
    }
    return (daysToYear(year) + day) * 86400 + r.time + west;
  }

  /** True when the rule has no daylight-saving part. */
  isFixed(): boolean {
    return this.dst === null;
  }

  at(t: number): ZoneState {
    if (this.dst === null || this.start === null || this.end === null) return this.std;
    const year = new Date(Math.max(-8.64e15, Math.min(8.64e15, t * 1000))).getUTCFullYear();
    if (year !== this.yearCache) {
      this.yearCache = year;
      this.startCache = this.transition(year, this.start, this.stdWestSecs);
      this.endCache = this.transition(year, this.end, this.dstWest);
    }
    const s = this.startCache;
    const e = this.endCache;
    const inDst = s < e ? t >= s && t < e : t < e || t >= s;
    return inDst ? this.dst : this.std;
  }
}

class Cursor {
  i = 0;
  constructor(readonly s: string) {}
  peek(): string {
    return this.s[this.i] ?? '';
  }
  num(max: number): number | null {
    const start = this.i;
    let v = 0;
    while (this.i < this.s.length && this.s[this.i] >= '0' && this.s[this.i] <= '9') v = v * 10 + (this.s.charCodeAt(this.i++) - 48);
    if (this.i === start || v > max) return null;
    return v;
  }
  /** A zone abbreviation: <quoted> or alphabetic. */
  name(): string | null {
    if (this.peek() === '<') {
      const close = this.s.indexOf('>', this.i);
      if (close < 0) return null;
      const n = this.s.slice(this.i + 1, close);
      this.i = close + 1;
      return n;
    }
    const start = this.i;
    while (this.i < this.s.length && /[A-Za-z]/.test(this.s[this.i])) this.i++;
    return this.s.slice(start, this.i);
  }
  /** [+-]hh[:mm[:ss]] in seconds. */
  offset(maxHours: number): number | null {
    let sign = 1;
    if (this.peek() === '-' || this.peek() === '+') sign = this.s[this.i++] === '-' ? -1 : 1;
    const h = this.num(maxHours);
    if (h === null) return null;
    let secs = h * 3600;
    if (this.peek() === ':') {
      this.i++;
      const m = this.num(59);
      if (m === null) return null;
      secs += m * 60;
      if (this.peek() === ':') {
        this.i++;
        const s = this.num(60);
        if (s === null) return null;
        secs += s;
      }
    }
    return sign * secs;
  }
  ruleDate(): RuleDate | null {
    let r: RuleDate;
    const c = this.peek();
    if (c === 'J') {
      this.i++;
      const n = this.num(365);
      if (n === null || n < 1) return null;
      r = { kind: 'J', a: n, week: 0, day: 0, time: 7200 };
    } else if (c === 'M') {
      this.i++;
      const m = this.num(12);
      if (m === null || m < 1 || this.peek() !== '.') return null;
      this.i++;
      const w = this.num(5);
      if (w === null || w < 1 || this.peek() !== '.') return null;
      this.i++;
      const d = this.num(6);
      if (d === null) return null;
      r = { kind: 'M', a: m, week: w, day: d, time: 7200 };
    } else {
      const n = this.num(365);
      if (n === null) return null;
      r = { kind: 'N', a: n, week: 0, day: 0, time: 7200 };
    }
    if (this.peek() === '/') {
      this.i++;
      const t = this.offset(167);
      if (t === null) return null;
      r.time = t;
    }
    return r;
  }
}

/** Parses a POSIX TZ string; null when it is not one. */
export function parsePosixTz(text: string): PosixRule | null {
  const c = new Cursor(text);
  const std = c.name();
  if (std === null || c.i >= text.length) return null;
  const stdWest = c.offset(167);
  if (stdWest === null) return null;
  if (c.i === text.length) return new PosixRule(std, stdWest, null, 0, null, null);
  const dst = c.name();
  if (dst === null || dst.length === 0) return null;
  let dstWest = stdWest - 3600;
  if (c.i < text.length && c.peek() !== ',' && c.peek() !== ';') {
    const o = c.offset(167);
    if (o === null) return null;
    dstWest = o;
  }
  let start: RuleDate | null;
  let end: RuleDate | null;
  if (c.i === text.length) {
    start = { kind: 'M', a: 3, week: 2, day: 0, time: 7200 };
    end = { kind: 'M', a: 11, week: 1, day: 0, time: 7200 };
  } else {
    if (c.peek() !== ',' && c.peek() !== ';') return null;
    c.i++;
    start = c.ruleDate();
    if (start === null || c.peek() !== ',') return null;
    c.i++;
    end = c.ruleDate();
    if (end === null || c.i !== text.length) return null;
  }
  return new PosixRule(std, stdWest, dst, dstWest, start, end);
}
