// Time zone resolution as PostgreSQL 15's SET TimeZone does it, and offsets and abbreviations
// (expectations taken from the real server: SHOW TimeZone, timestamptz output, to_char 'TZ').
import { describe, expect, it } from 'vitest';
import { fixedOffsetZone, isFixedOffsetZone, resolveTimeZone } from '../../../src/sql/types/timezone.js';
import { defaultTypeContext, typeIO } from '../../../src/sql/types/index.js';
import { Oid } from '../../../src/sql/types/oids.js';

const JAN = 758635200_000000n; // 2024-01-15 12:00:00 UTC
const JUL = 774360000_000000n; // 2024-07-15 12:00:00 UTC
const Y1850 = -4733467200_000000n; // 1850-01-01 12:00:00 UTC

function show(name: string, at: bigint): string {
  const ctx = { ...defaultTypeContext(), timeZone: resolveTimeZone(name)! };
  return typeIO(Oid.timestamptz)!.output(at, ctx);
}

describe('resolveTimeZone', () => {
  it('canonicalises names as SHOW TimeZone prints them', () => {
    expect(resolveTimeZone('america/new_york')?.name).toBe('America/New_York');
    expect(resolveTimeZone('utc')?.name).toBe('UTC');
    expect(resolveTimeZone('utc+3')?.name).toBe('UTC+3');
    expect(resolveTimeZone('<+03>-3')?.name).toBe('<+03>-3');
    expect(resolveTimeZone('+05:30')?.name).toBe('+05:30');
    expect(resolveTimeZone('-7')?.name).toBe('<-07>+07');
    expect(resolveTimeZone('5')?.name).toBe('<+05>-05');
    expect(resolveTimeZone('2.5')?.name).toBe('<+02:30>-02:30');
    expect(resolveTimeZone('XYZ3ABC,M3.2.0,M11.1.0')?.name).toBe('XYZ3ABC,M3.2.0,M11.1.0');
  });
  it('rejects what PostgreSQL rejects', () => {
    expect(resolveTimeZone('Z')).toBeNull();
    expect(resolveTimeZone('PST')).toBeNull();
    expect(resolveTimeZone('foo')).toBeNull();
    expect(resolveTimeZone('')).toBeNull();
  });
  it('knows fixed-offset zones', () => {
    expect(isFixedOffsetZone(resolveTimeZone('UTC')!)).toBe(true);
    expect(isFixedOffsetZone(resolveTimeZone('Etc/GMT+3')!)).toBe(true);
    expect(isFixedOffsetZone(resolveTimeZone('America/New_York')!)).toBe(false);
    expect(isFixedOffsetZone(fixedOffsetZone(3600))).toBe(true);
  });
});

describe('timestamptz output in a zone', () => {
  it('POSIX sign: UTC+3 is three hours west', () => {
    expect(show('UTC+3', JAN)).toBe('2024-01-15 09:00:00-03');
    expect(show('+05:30', JAN)).toBe('2024-01-15 06:30:00-05:30');
    expect(show('<+03>-3', JAN)).toBe('2024-01-15 15:00:00+03');
    expect(show('JST-9', JAN)).toBe('2024-01-15 21:00:00+09');
  });
  it('DST from the tz database and from POSIX rules', () => {
    expect(show('America/New_York', JAN)).toBe('2024-01-15 07:00:00-05');
    expect(show('America/New_York', JUL)).toBe('2024-07-15 08:00:00-04');
    expect(show('EST5EDT', JUL)).toBe('2024-07-15 08:00:00-04');
    expect(show('XYZ3ABC,M3.2.0,M11.1.0', JUL)).toBe('2024-07-15 10:00:00-02');
    expect(show('Australia/Lord_Howe', JUL)).toBe('2024-07-15 22:30:00+10:30');
    expect(show('Australia/Lord_Howe', JAN)).toBe('2024-01-15 23:00:00+11');
  });
  it('local mean time offsets with seconds', () => {
    expect(show('America/New_York', Y1850)).toBe('1850-01-01 07:03:58-04:56:02');
    expect(show('Asia/Kolkata', Y1850)).toBe('1850-01-01 17:53:28+05:53:28');
    expect(show('Africa/Monrovia', Y1850)).toBe('1850-01-01 11:16:52-00:43:08');
  });
  it('abbreviations', () => {
    const abbrev = (n: string, t: bigint) => resolveTimeZone(n)!.abbreviationAtUtc(t);
    expect(abbrev('America/New_York', JUL)).toBe('EDT');
    expect(abbrev('Europe/Berlin', JUL)).toBe('CEST');
    expect(abbrev('Asia/Dubai', JUL)).toBe('+04');
    expect(abbrev('Etc/GMT+3', JUL)).toBe('-03');
    expect(abbrev('Australia/Lord_Howe', JUL)).toBe('+1030');
    expect(abbrev('-7', JUL)).toBe('-07');
    expect(abbrev('UTC+3', JUL)).toBe('UTC');
    expect(abbrev('XYZ3ABC,M3.2.0,M11.1.0', JUL)).toBe('ABC');
  });
});

describe('local time to UTC around transitions', () => {
  const ny = resolveTimeZone('America/New_York')!;
  const local = (s: string) => typeIO(Oid.timestamp)!.input(s, -1, defaultTypeContext()) as bigint;
  it('a skipped time takes the offset before the gap', () => {
    expect(ny.offsetAtLocal(local('2024-03-10 02:30:00'))).toBe(-5 * 3600);
  });
  it('an ambiguous time takes the offset after the change', () => {
    expect(ny.offsetAtLocal(local('2024-11-03 01:30:00'))).toBe(-5 * 3600);
  });
  it('normal times', () => {
    expect(ny.offsetAtLocal(local('2024-07-01 12:00:00'))).toBe(-4 * 3600);
    expect(ny.offsetAtLocal(local('2024-01-01 12:00:00'))).toBe(-5 * 3600);
  });
});
