// The keyword tables of PostgreSQL's datetime parser and its tokenizer (ParseDateTime).
// KEYWORDS is datetktbl (month and day names, special values, units); TZ_ABBREVS is the
// "Default" timezone abbreviation set (pg_timezone_abbrevs): a fixed offset, a daylight-time
// fixed offset, or a zone whose offset at the given date decides ("dynamic").
// Invariant: tokens are lower-cased; field kinds follow PostgreSQL's DTK_* classification.

/** Token types (PostgreSQL's datetime.h numbering; a field's mask bit is 1 << type). */
export const enum TokType {
  RESERV = 0,
  MONTH = 1,
  YEAR = 2,
  DAY = 3,
  JULIAN = 4,
  TZ = 5,
  DTZ = 6,
  DYNTZ = 7,
  IGNORE_DTF = 8,
  AMPM = 9,
  HOUR = 10,
  MINUTE = 11,
  SECOND = 12,
  MILLISECOND = 13,
  MICROSECOND = 14,
  DOY = 15,
  DOW = 16,
  UNITS = 17,
  ADBC = 18,
  AGO = 19,
  ISOTIME = 23,
  WEEK = 24,
  DECADE = 25,
  CENTURY = 26,
  MILLENNIUM = 27,
  DTZMOD = 28,
  UNKNOWN_FIELD = 31,
}

/** Values of RESERV, UNITS and ISOTIME tokens (PostgreSQL's DTK_* codes). */
export const enum Dtk {
  NUMBER = 0,
  STRING = 1,
  DATE = 2,
  TIME = 3,
  TZ = 4,
  AGO = 5,
  SPECIAL = 6,
  EARLY = 9,
  LATE = 10,
  EPOCH = 11,
  NOW = 12,
  YESTERDAY = 13,
  TODAY = 14,
  TOMORROW = 15,
  ZULU = 16,
  DELTA = 17,
  SECOND = 18,
  MINUTE = 19,
  HOUR = 20,
  DAY = 21,
  WEEK = 22,
  MONTH = 23,
  QUARTER = 24,
  YEAR = 25,
  DECADE = 26,
  CENTURY = 27,
  MILLENNIUM = 28,
  MILLISEC = 29,
  MICROSEC = 30,
  JULIAN = 31,
  DOW = 32,
  DOY = 33,
  TZ_HOUR = 34,
  TZ_MINUTE = 35,
  ISOYEAR = 36,
  ISODOW = 37,
}

export const AM = 0;
export const PM = 1;
export const HR24 = 2;
export const AD = 0;
export const BC = 1;

/** Mask of a token type. */
export function mask(t: TokType): number {
  return 1 << t;
}
export const DATE_MASK = (1 << TokType.YEAR) | (1 << TokType.MONTH) | (1 << TokType.DAY);
/** DTK_ALL_SECS_M: seconds with their millisecond and microsecond parts. */
export const ALL_SECS_MASK = (1 << TokType.SECOND) | (1 << TokType.MILLISECOND) | (1 << TokType.MICROSECOND);
/** DTK_TIME_M. */
export const TIME_MASK = (1 << TokType.HOUR) | (1 << TokType.MINUTE) | ALL_SECS_MASK;

export interface Keyword {
  type: TokType;
  value: number;
}

function kw(type: TokType, value: number): Keyword {
  return { type, value };
}

/** datetktbl. */
export const KEYWORDS: ReadonlyMap<string, Keyword> = new Map<string, Keyword>([
  ['-infinity', kw(TokType.RESERV, Dtk.EARLY)],
  ['ad', kw(TokType.ADBC, AD)],
  ['allballs', kw(TokType.RESERV, Dtk.ZULU)],
  ['am', kw(TokType.AMPM, AM)],
  ['apr', kw(TokType.MONTH, 4)],
  ['april', kw(TokType.MONTH, 4)],
  ['at', kw(TokType.IGNORE_DTF, 0)],
  ['aug', kw(TokType.MONTH, 8)],
  ['august', kw(TokType.MONTH, 8)],
  ['bc', kw(TokType.ADBC, BC)],
  ['d', kw(TokType.UNITS, Dtk.DAY)],
  ['dec', kw(TokType.MONTH, 12)],
  ['december', kw(TokType.MONTH, 12)],
  ['dow', kw(TokType.UNITS, Dtk.DOW)],
  ['doy', kw(TokType.UNITS, Dtk.DOY)],
  ['dst', kw(TokType.DTZMOD, 3600)],
  ['epoch', kw(TokType.RESERV, Dtk.EPOCH)],
  ['feb', kw(TokType.MONTH, 2)],
  ['february', kw(TokType.MONTH, 2)],
  ['fri', kw(TokType.DOW, 5)],
  ['friday', kw(TokType.DOW, 5)],
  ['h', kw(TokType.UNITS, Dtk.HOUR)],
  ['infinity', kw(TokType.RESERV, Dtk.LATE)],
  ['isodow', kw(TokType.UNITS, Dtk.ISODOW)],
  ['isoyear', kw(TokType.UNITS, Dtk.ISOYEAR)],
  ['j', kw(TokType.UNITS, Dtk.JULIAN)],
  ['jan', kw(TokType.MONTH, 1)],
  ['january', kw(TokType.MONTH, 1)],
  ['jd', kw(TokType.UNITS, Dtk.JULIAN)],
  ['jul', kw(TokType.MONTH, 7)],
  ['julian', kw(TokType.UNITS, Dtk.JULIAN)],
  ['july', kw(TokType.MONTH, 7)],
  ['jun', kw(TokType.MONTH, 6)],
  ['june', kw(TokType.MONTH, 6)],
  ['m', kw(TokType.UNITS, Dtk.MONTH)],
  ['mar', kw(TokType.MONTH, 3)],
  ['march', kw(TokType.MONTH, 3)],
  ['may', kw(TokType.MONTH, 5)],
  ['mm', kw(TokType.UNITS, Dtk.MINUTE)],
  ['mon', kw(TokType.DOW, 1)],
  ['monday', kw(TokType.DOW, 1)],
  ['nov', kw(TokType.MONTH, 11)],
  ['november', kw(TokType.MONTH, 11)],
  ['now', kw(TokType.RESERV, Dtk.NOW)],
  ['oct', kw(TokType.MONTH, 10)],
  ['october', kw(TokType.MONTH, 10)],
  ['on', kw(TokType.IGNORE_DTF, 0)],
  ['pm', kw(TokType.AMPM, PM)],
  ['s', kw(TokType.UNITS, Dtk.SECOND)],
  ['sat', kw(TokType.DOW, 6)],
  ['saturday', kw(TokType.DOW, 6)],
  ['sep', kw(TokType.MONTH, 9)],
  ['sept', kw(TokType.MONTH, 9)],
  ['september', kw(TokType.MONTH, 9)],
  ['sun', kw(TokType.DOW, 0)],
  ['sunday', kw(TokType.DOW, 0)],
  ['t', kw(TokType.ISOTIME, Dtk.TIME)],
  ['thu', kw(TokType.DOW, 4)],
  ['thur', kw(TokType.DOW, 4)],
  ['thurs', kw(TokType.DOW, 4)],
  ['thursday', kw(TokType.DOW, 4)],
  ['today', kw(TokType.RESERV, Dtk.TODAY)],
  ['tomorrow', kw(TokType.RESERV, Dtk.TOMORROW)],
  ['tue', kw(TokType.DOW, 2)],
  ['tues', kw(TokType.DOW, 2)],
  ['tuesday', kw(TokType.DOW, 2)],
  ['wed', kw(TokType.DOW, 3)],
  ['wednesday', kw(TokType.DOW, 3)],
  ['weds', kw(TokType.DOW, 3)],
  ['y', kw(TokType.UNITS, Dtk.YEAR)],
  ['yesterday', kw(TokType.RESERV, Dtk.YESTERDAY)],
]);

/** A time zone abbreviation: a fixed offset (seconds east) or a zone name resolved by date. */
export interface TzAbbrev {
  type: TokType.TZ | TokType.DTZ | TokType.DYNTZ;
  /** Seconds EAST of UTC for TZ / DTZ. */
  offset: number;
  zone: string | null;
}

// PostgreSQL's timezonesets/Default: "abbrev offset[ D]" or "abbrev Zone/Name".
const ABBREV_DATA =
  'eat 10800,sast 7200,wat 3600,act -18000,akdt -28800 D,akst -32400,' +
  'art America/Argentina/Buenos_Aires,arst America/Argentina/Buenos_Aires,bot -14400,' +
  'bra -10800,brst -7200 D,brt -10800,cot -18000,cdt -18000 D,clst -10800 D,' +
  'clt America/Santiago,cst -21600,edt -14400 D,egst 0 D,egt -3600,est -18000,fnt -7200,' +
  'fnst -3600 D,gft -10800,gyt America/Guyana,mdt -21600 D,mst -25200,ndt -9000 D,nft -12600,' +
  'nst -12600,pet -18000,pdt -25200 D,pmdt -7200 D,pmst -10800,pst -28800,pyst -10800 D,' +
  'pyt America/Asuncion,uyst -7200 D,uyt -10800,vet America/Caracas,wgst -7200 D,wgt -10800,' +
  'davt Antarctica/Davis,ddut 36000,mawt Antarctica/Mawson,aft 16200,almt 21600,almst 25200 D,' +
  'amst Asia/Yerevan,amt -14400,anast Asia/Anadyr,anat Asia/Anadyr,azst Asia/Baku,' +
  'azt Asia/Baku,bdt 21600,bnt 28800,bort 28800,btt 21600,cct 28800,gest Asia/Tbilisi,' +
  'get Asia/Tbilisi,hkt 28800,ict 25200,idt 10800 D,irkst Asia/Irkutsk,irkt Asia/Irkutsk,' +
  'irt 12600,ist 7200,jayt 32400,jst 32400,kdt 36000 D,kgst 21600 D,kgt Asia/Bishkek,' +
  'krast Asia/Krasnoyarsk,krat Asia/Krasnoyarsk,kst 32400,lkt Asia/Colombo,magst Asia/Magadan,' +
  'magt Asia/Magadan,mmt 23400,myt 28800,novst Asia/Novosibirsk,novt Asia/Novosibirsk,' +
  'npt 20700,omsst Asia/Omsk,omst Asia/Omsk,petst Asia/Kamchatka,pett Asia/Kamchatka,pht 28800,' +
  'pkt 18000,pkst 21600 D,sgt Asia/Singapore,tjt 18000,tmt Asia/Ashgabat,ulast 32400 D,' +
  'ulat Asia/Ulaanbaatar,uzst 21600 D,uzt 18000,vlast Asia/Vladivostok,vlat Asia/Vladivostok,' +
  'xjt 21600,yakst Asia/Yakutsk,yakt Asia/Yakutsk,yekst 21600 D,yekt Asia/Yekaterinburg,' +
  'adt -10800 D,ast -14400,azost 0 D,azot -3600,fkst Atlantic/Stanley,fkt Atlantic/Stanley,' +
  'acsst 37800 D,acdt 37800 D,acst 34200,acwst 31500,aesst 39600 D,aedt 39600 D,aest 36000,' +
  'awsst 32400 D,awst 28800,cadt 37800 D,cast 34200,lhdt Australia/Lord_Howe,lhst 37800,' +
  'ligt 36000,nzt 43200,sadt 37800 D,wadt 28800 D,wast 25200,wdt 32400 D,gmt 0,uct 0,ut 0,' +
  'utc 0,z 0,zulu 0,bst 3600 D,bdst 7200 D,cest 7200 D,cet 3600,cetdst 7200 D,eest 10800 D,' +
  'eet 7200,eetdst 10800 D,fet 10800,mest 7200 D,mesz 7200 D,met 3600,metdst 7200 D,mez 3600,' +
  'msd 14400 D,msk Europe/Moscow,volt Europe/Volgograd,wet 0,wetdst 3600 D,cxt 25200,' +
  'iot Indian/Chagos,mut 14400,must 18000 D,mvt 18000,ret 14400,sct 14400,tft 18000,' +
  'chadt 49500 D,chast 45900,chut 36000,ckt Pacific/Rarotonga,easst Pacific/Easter,' +
  'east Pacific/Easter,fjst 46800 D,fjt 43200,galt -21600,gamt -32400,gilt 43200,hst -36000,' +
  'kost Pacific/Kosrae,lint Pacific/Kiritimati,mart -34200,mht 43200,mpt 36000,' +
  'nut Pacific/Niue,nzdt 46800 D,nzst 43200,pgt 36000,pont 39600,pwt 32400,taht -36000,' +
  'tkt Pacific/Fakaofo,tot 46800,trut 36000,tvt 43200,vut 39600,wakt 43200,wft 43200,' +
  'yapt 36000,';

let abbrevs: Map<string, TzAbbrev> | undefined;

/** The Default abbreviation set, keyed by lower-case abbreviation. */
export function tzAbbrevs(): Map<string, TzAbbrev> {
  if (abbrevs) return abbrevs;
  abbrevs = new Map();
  for (const entry of ABBREV_DATA.split(',')) {
    if (entry.length === 0) continue;
    const [name, value, flag] = entry.split(' ');
    const n = Number(value);
    if (n === n) abbrevs.set(name, { type: flag === 'D' ? TokType.DTZ : TokType.TZ, offset: n, zone: null });
    else abbrevs.set(name, { type: TokType.DYNTZ, offset: 0, zone: value });
  }
  return abbrevs;
}

/** Field kinds produced by the tokenizer (DTK_NUMBER, DTK_STRING, ...). */
export const enum FieldKind {
  Number = Dtk.NUMBER,
  String = Dtk.STRING,
  Date = Dtk.DATE,
  Time = Dtk.TIME,
  Tz = Dtk.TZ,
  Special = Dtk.SPECIAL,
}

/** Thrown inside the decoder with a DTERR_* code; entry points turn it into a DbError. */
export class DtErr {
  constructor(readonly code: number) {}
}
export const DTERR_BAD_FORMAT = -1;
export const DTERR_FIELD_OVERFLOW = -2;
export const DTERR_MD_FIELD_OVERFLOW = -3;
export const DTERR_INTERVAL_OVERFLOW = -4;
export const DTERR_TZDISP_OVERFLOW = -5;

function isDigitC(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlphaC(c: number): boolean {
  const l = c | 0x20;
  return l >= 97 && l <= 122;
}
function isSpaceC(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
/** C ispunct() for ASCII. */
function isPunctC(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/**
 * PostgreSQL's ParseDateTime: splits the input into fields and classifies each. Throws
 * DtErr(BAD_FORMAT) on characters it cannot place.
 */
export function tokenizeDateTime(s: string, fields: string[], kinds: FieldKind[]): void {
  const n = s.length;
  let i = 0;
  let used = 0;
  while (i < n) {
    let c = s.charCodeAt(i);
    if (isSpaceC(c)) {
      i++;
      continue;
    }
    const start = i;
    let kind: FieldKind;
    let text: string;
    if (isDigitC(c)) {
      while (i < n && isDigitC(s.charCodeAt(i))) i++;
      c = s.charCodeAt(i);
      if (c === 58) {
        kind = FieldKind.Time;
        i++;
        while (i < n && (isDigitC((c = s.charCodeAt(i))) || c === 58 || c === 46)) i++;
        text = s.slice(start, i);
      } else if (c === 45 || c === 47 || c === 46) {
        const delim = c;
        i++;
        if (isDigitC(s.charCodeAt(i))) {
          kind = delim === 46 ? FieldKind.Number : FieldKind.Date;
          while (i < n && isDigitC(s.charCodeAt(i))) i++;
          if (s.charCodeAt(i) === delim) {
            kind = FieldKind.Date;
            i++;
            while (i < n && (isDigitC((c = s.charCodeAt(i))) || c === delim)) i++;
          }
          text = s.slice(start, i);
        } else {
          kind = FieldKind.Date;
          while (i < n && (isDigitC((c = s.charCodeAt(i))) || isAlphaC(c) || c === delim)) i++;
          text = s.slice(start, i).toLowerCase();
        }
      } else {
        kind = FieldKind.Number;
        text = s.slice(start, i);
      }
    } else if (c === 46) {
      i++;
      while (i < n && isDigitC(s.charCodeAt(i))) i++;
      kind = FieldKind.Number;
      text = s.slice(start, i);
    } else if (isAlphaC(c)) {
      kind = FieldKind.String;
      while (i < n && isAlphaC(s.charCodeAt(i))) i++;
      c = s.charCodeAt(i);
      let isDate = false;
      if (c === 45 || c === 47 || c === 46) isDate = true;
      else if (c === 43 || isDigitC(c)) isDate = !KEYWORDS.has(s.slice(start, i).toLowerCase());
      if (isDate) {
        kind = FieldKind.Date;
        do i++;
        while (
          i < n &&
          ((c = s.charCodeAt(i)) === 43 || c === 45 || c === 47 || c === 95 || c === 46 || c === 58 || isDigitC(c) || isAlphaC(c))
        );
      }
      text = s.slice(start, i).toLowerCase();
    } else if (c === 43 || c === 45) {
      i++;
      while (i < n && isSpaceC(s.charCodeAt(i))) i++;
      c = s.charCodeAt(i);
      if (isDigitC(c)) {
        kind = FieldKind.Tz;
        const numStart = i;
        i++;
        while (i < n && (isDigitC((c = s.charCodeAt(i))) || c === 58 || c === 46 || c === 45)) i++;
        text = s[start] + s.slice(numStart, i);
      } else if (isAlphaC(c)) {
        kind = FieldKind.Special;
        const wordStart = i;
        while (i < n && isAlphaC(s.charCodeAt(i))) i++;
        text = (s[start] + s.slice(wordStart, i)).toLowerCase();
      } else {
        throw new DtErr(DTERR_BAD_FORMAT);
      }
    } else if (isPunctC(c)) {
      i++;
      continue;
    } else {
      throw new DtErr(DTERR_BAD_FORMAT);
    }
    used += text.length + 1;
    if (fields.length >= 25 || used > 152) throw new DtErr(DTERR_BAD_FORMAT);
    fields.push(text);
    kinds.push(kind);
  }
}
