// Time zones as PostgreSQL resolves them for SET TimeZone and AT TIME ZONE: IANA names read
// from the system's compiled tz database (TZif files under /usr/share/zoneinfo, which
// PostgreSQL on Debian uses too, so offsets and abbreviations such as "CET" match exactly),
// with Intl.DateTimeFormat as the fallback where no tz database is installed; POSIX strings
// ("UTC+3" is three hours WEST, "EST5EDT", "<+03>-3", "XYZ3ABC,M3.2.0,M11.1.0"); and numeric
// hour offsets ("5" -> "<+05>-05"). Names match case-insensitively and print canonically.
// Invariant: offsets are seconds EAST of UTC (ISO sign) at this interface.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TimeZone } from './typeio.js';
import { PosixRule, parsePosixTz } from './timezone-posix.js';

const ZONEINFO = process.env.TZDIR ?? '/usr/share/zoneinfo';
/** Seconds from the Unix epoch to PostgreSQL's epoch (2000-01-01 00:00 UTC). */
const PG_EPOCH_UNIX = 946684800;

function microsToUnixSeconds(micros: bigint): number {
  return Math.floor(Number(micros) / 1e6) + PG_EPOCH_UNIX;
}

/**
 * Offset for a local wall-clock time, resolved like PostgreSQL's DetermineTimeZoneOffset:
 * a skipped (spring-forward) time takes the offset before the transition, an ambiguous
 * (fall-back) time the offset after it.
 */
function offsetForLocal(zone: { offsetAtUnix(t: number): number }, localUnix: number): number {
  const before = zone.offsetAtUnix(localUnix - 86400);
  const after = zone.offsetAtUnix(localUnix + 86400);
  if (before === after) {
    const mid = zone.offsetAtUnix(localUnix - before);
    if (mid === before) return before;
    return offsetForLocalPair(zone, localUnix, before, mid);
  }
  return offsetForLocalPair(zone, localUnix, before, after);
}

function offsetForLocalPair(zone: { offsetAtUnix(t: number): number }, local: number, before: number, after: number): number {
  const beforeTime = local - before;
  const afterTime = local - after;
  const bIsBefore = zone.offsetAtUnix(beforeTime) === before;
  const aIsBefore = zone.offsetAtUnix(afterTime) === before;
  if (bIsBefore && aIsBefore) return before;
  if (!bIsBefore && !aIsBefore) return after;
  return beforeTime > afterTime ? before : after;
}

abstract class ZoneBase implements TimeZone {
  constructor(readonly name: string) {}
  abstract offsetAtUnix(t: number): number;
  abstract abbrevAtUnix(t: number): string | null;
  offsetAtUtc(utcMicros: bigint): number {
    return this.offsetAtUnix(microsToUnixSeconds(utcMicros));
  }
  offsetAtLocal(localMicros: bigint): number {
    return offsetForLocal(this, microsToUnixSeconds(localMicros));
  }
  abbreviationAtUtc(utcMicros: bigint): string | null {
    return this.abbrevAtUnix(microsToUnixSeconds(utcMicros));
  }
}

class FixedZone extends ZoneBase {
  constructor(
    name: string,
    private readonly offset: number,
    private readonly abbrev: string | null,
  ) {
    super(name);
  }
  offsetAtUnix(): number {
    return this.offset;
  }
  abbrevAtUnix(): string | null {
    return this.abbrev;
  }
}

class PosixZone extends ZoneBase {
  constructor(
    name: string,
    private readonly rule: PosixRule,
  ) {
    super(name);
  }
  offsetAtUnix(t: number): number {
    return this.rule.at(t).offset;
  }
  abbrevAtUnix(t: number): string | null {
    return this.rule.at(t).abbrev;
  }
  isFixed(): boolean {
    return this.rule.isFixed();
  }
}

/** A zone from a TZif file: transition table plus the POSIX footer for later times. */
class TzifZone extends ZoneBase {
  constructor(
    name: string,
    private readonly times: Float64Array,
    private readonly typeIdx: Uint8Array,
    private readonly offsets: number[],
    private readonly abbrevs: string[],
    private readonly footer: PosixRule | null,
  ) {
    super(name);
  }
  isFixed(): boolean {
    const first = this.offsets[0];
    return this.offsets.every((o) => o === first) && (this.footer === null || (this.footer.isFixed() && this.footer.at(0).offset === first));
  }
  private typeAt(t: number): number {
    const times = this.times;
    if (times.length === 0 || t < times[0]) return -1;
    let lo = 0;
    let hi = times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (times[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  offsetAtUnix(t: number): number {
    const i = this.typeAt(t);
    if (i === this.times.length - 1 && this.footer !== null) return this.footer.at(t).offset;
    if (i < 0 && this.times.length === 0 && this.footer !== null) return this.footer.at(t).offset;
    return this.offsets[i < 0 ? 0 : this.typeIdx[i]];
  }
  abbrevAtUnix(t: number): string | null {
    const i = this.typeAt(t);
    if (i === this.times.length - 1 && this.footer !== null) return this.footer.at(t).abbrev;
    if (i < 0 && this.times.length === 0 && this.footer !== null) return this.footer.at(t).abbrev;
    return this.abbrevs[i < 0 ? 0 : this.typeIdx[i]];
  }
}

/** Parses TZif version 2+ data (RFC 8536), using the 64-bit section. */
function parseTzif(name: string, data: Buffer): TzifZone | null {
  if (data.length < 44 || data.toString('latin1', 0, 4) !== 'TZif') return null;
  const counts = (off: number) => [0, 1, 2, 3, 4, 5].map((k) => data.readUInt32BE(off + 20 + k * 4));
  let [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(0);
  if (data[4] < 0x32) return null; // version 1 only: not produced by modern zic
  let p = 44 + timecnt * 4 + timecnt + typecnt * 6 + charcnt + leap * 8 + isstd + isut;
  [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(p);
  if (leap > 0) return null; // "right/" zones with leap seconds are not acceptable
  p += 44;
  const times = new Float64Array(timecnt);
  for (let i = 0; i < timecnt; i++) times[i] = Number(data.readBigInt64BE(p + i * 8));
  p += timecnt * 8;
  const typeIdx = new Uint8Array(data.subarray(p, p + timecnt));
  p += timecnt;
  const offsets: number[] = [];
  const abbrIdx: number[] = [];
  for (let i = 0; i < typecnt; i++) {
    offsets.push(data.readInt32BE(p));
    abbrIdx.push(data[p + 5]);
    p += 6;
  }
  const chars = data.toString('latin1', p, p + charcnt);
  const abbrevs = abbrIdx.map((i) => chars.slice(i, chars.indexOf('\0', i) < 0 ? undefined : chars.indexOf('\0', i)));
  p += charcnt + leap * 12 + isstd + isut;
  let footer: PosixRule | null = null;
  if (data[p] === 10) {
    const end = data.indexOf(10, p + 1);
    const text = data.toString('latin1', p + 1, end < 0 ? data.length : end);
    if (text.length > 0) footer = parsePosixTz(text);
  }
  return new TzifZone(name, times, typeIdx, offsets, abbrevs, footer);
}

/** Fallback for machines without a tz database: offsets from Intl (no PostgreSQL abbreviations). */
class IntlZone extends ZoneBase {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly cache = new Map<number, number>();
  constructor(name: string) {
    super(name);
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: name, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric',
      day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  }
  private exact(t: number): number {
    const ms = Math.max(-8.64e15, Math.min(8.64e15, t * 1000));
    const parts = this.fmt.formatToParts(new Date(ms));
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, bc = false;
    for (const part of parts) {
      switch (part.type) {
        case 'year': y = Number(part.value); break;
        case 'month': mo = Number(part.value); break;
        case 'day': d = Number(part.value); break;
        case 'hour': h = Number(part.value); break;
        case 'minute': mi = Number(part.value); break;
        case 'second': s = Number(part.value); break;
        case 'era': bc = part.value === 'BC'; break;
      }
    }
    const date = new Date(0);
    date.setUTCFullYear(bc ? 1 - y : y, mo - 1, d);
    date.setUTCHours(h, mi, s, 0);
    return Math.round((date.getTime() - Math.floor(ms / 1000) * 1000) / 1000);
  }
  offsetAtUnix(t: number): number {
    const bucket = Math.floor(t / 900);
    const hit = this.cache.get(bucket);
    if (hit !== undefined) return hit;
    const a = this.exact(bucket * 900);
    const b = this.exact(bucket * 900 + 899);
    if (a !== b) return this.exact(t);
    if (this.cache.size > 50000) this.cache.clear();
    this.cache.set(bucket, a);
    return a;
  }
  abbrevAtUnix(t: number): string | null {
    return formatOffsetAbbrev(this.offsetAtUnix(t));
  }
}

/** "+05", "-03:30": the abbreviation PostgreSQL shows for a zone without a named one. */
function formatOffsetAbbrev(east: number): string {
  const a = Math.abs(east);
  const hh = String(Math.floor(a / 3600)).padStart(2, '0');
  const mm = Math.floor((a % 3600) / 60);
  const ss = a % 60;
  let s = (east < 0 ? '-' : '+') + hh;
  if (mm !== 0 || ss !== 0) s += ':' + String(mm).padStart(2, '0');
  if (ss !== 0) s += ':' + String(ss).padStart(2, '0');
  return s;
}

let zoneNames: Map<string, string> | undefined;

/** Upper-cased zone name -> canonical spelling, from the tz database directory (or Intl). */
function knownZoneNames(): Map<string, string> {
  if (zoneNames) return zoneNames;
  const names = new Map<string, string>();
  const walk = (dir: string, prefix: string, depth: number) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const e of entries) {
      if (depth === 0 && (e === 'posix' || e === 'right' || e.includes('.'))) continue;
      const full = join(dir, e);
      try {
        if (statSync(full).isDirectory()) walk(full, prefix + e + '/', depth + 1);
        else names.set((prefix + e).toUpperCase(), prefix + e);
      } catch {
        // unreadable entry: skip
      }
    }
  };
  walk(ZONEINFO, '', 0);
  if (names.size === 0) {
    for (const n of Intl.supportedValuesOf('timeZone')) names.set(n.toUpperCase(), n);
    names.set('UTC', 'UTC');
    names.set('GMT', 'GMT');
  }
  return (zoneNames = names);
}

const zoneCache = new Map<string, TimeZone | null>();

function loadNamedZone(canonical: string): TimeZone | null {
  try {
    const data = readFileSync(join(ZONEINFO, canonical));
    return parseTzif(canonical, data);
  } catch {
    try {
      return new IntlZone(canonical);
    } catch {
      return null;
    }
  }
}

/** True when a zone has used one UTC offset only (pg_get_timezone_offset). */
export function isFixedOffsetZone(zone: TimeZone): boolean {
  if (zone instanceof FixedZone) return true;
  if (zone instanceof PosixZone) return zone.isFixed();
  if (zone instanceof TzifZone) return zone.isFixed();
  return false;
}

/** A zone at a fixed offset (seconds east), named as PostgreSQL names numeric zones. */
export function fixedOffsetZone(offsetEast: number, name?: string): TimeZone {
  const abbrev = formatOffsetAbbrev(offsetEast);
  const posixName = `<${abbrev}>${offsetEast <= 0 ? '+' : '-'}${abbrev.slice(1)}`;
  return new FixedZone(name ?? posixName, offsetEast, abbrev);
}

/** UTC, as the default session zone. */
export const UTC_ZONE: TimeZone = new FixedZone('UTC', 0, 'UTC');

/**
 * Resolves a TimeZone setting value like PostgreSQL's check_timezone: a number of hours
 * (ISO sign), an IANA name (case-insensitive) or a POSIX TZ string. Null when unknown.
 */
export function resolveTimeZone(name: string): TimeZone | null {
  const cached = zoneCache.get(name);
  if (cached !== undefined) return cached;
  let zone: TimeZone | null = null;
  const hours = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(name) ? Number(name) : NaN;
  if (hours === hours && name.length > 0) {
    zone = Math.abs(hours) <= 168 ? fixedOffsetZone(Math.round(hours * 3600)) : null;
  } else if (name.length > 0 && !name.toLowerCase().startsWith('interval')) {
    const canonical = knownZoneNames().get(name.toUpperCase());
    if (canonical !== undefined) zone = loadNamedZone(canonical);
    if (zone === null) {
      const rule = parsePosixTz(name.toUpperCase());
      if (rule !== null) zone = new PosixZone(name.toUpperCase(), rule);
    }
  }
  if (zoneCache.size > 1000) zoneCache.clear();
  zoneCache.set(name, zone);
  return zone;
}
