// COPY's CSV format: rows encoded as COPY TO writes them (with any delimiter, quote, escape
// and null string) read back identically, however the input is cut; and PostgreSQL 15's
// reading rules: mixed quoted parts, NULL only unquoted, line endings inside quotes, `\.`
// only alone on a line, line numbers that count quoted line endings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvLineParser, csvRowEncoder } from '../../../src/sql/copy/csv-codec.js';
import { cut, readLines, readRows } from './chunks.js';

const awkward = fc.oneof(
  fc.string({ unit: fc.constantFrom(',', ';', '"', "'", '\\', '\n', '\r', '\t', '.', 'N', 'U', 'L', ' ', 'é', '😀', 'x') }),
  fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !s.includes('\0')),
);
const field = fc.option(awkward, { nil: null });

interface Dialect {
  delimiter: string;
  quote: string;
  escape: string;
  null: string;
}
const dialect: fc.Arbitrary<Dialect> = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  quote: fc.constantFrom('"', "'"),
  escape: fc.constantFrom('', '\\'),
  null: fc.constantFrom('', 'NULL', '\\N'),
}).map((d) => ({ ...d, escape: d.escape || d.quote }));

function encode(rows: (string | null)[][], d: Dialect, force: boolean[] = []): Buffer {
  const line = csvRowEncoder(d.delimiter, d.quote, d.escape, d.null, force);
  return Buffer.from(rows.map(line).join(''), 'utf8');
}

function read(chunks: Buffer[], d: Dialect) {
  const p = new CsvLineParser(d.delimiter, d.quote, d.escape, d.null);
  return readRows(chunks, { csv: true, quote: d.quote.charCodeAt(0), escape: d.escape.charCodeAt(0) }, p.split.bind(p));
}

const STANDARD: Dialect = { delimiter: ',', quote: '"', escape: '"', null: '' };
const CSV = { csv: true, quote: 0x22, escape: 0x22 };

describe('CSV format', () => {
  it('reads back what it writes, in any dialect, cut into chunks anywhere', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.array(fc.array(field, { minLength: n, maxLength: n }), { maxLength: 10 }), fc.array(fc.boolean(), { minLength: n, maxLength: n }))),
        dialect,
        fc.array(fc.nat(), { maxLength: 6 }),
        ([rows, force], d, cuts) => {
          const data = encode(rows, d, force);
          const positions = cuts.map((c) => c % (data.length + 1));
          expect(read(cut(data, positions), d)).toEqual(rows);
        },
      ),
    );
  });

  it('reads back rows cut at every single position', () => {
    const rows = [
      ['a,b', null, '', '"quoted"', 'multi\r\nline'],
      ['\\.', 'x\ny', ' ', 'é😀', 'NULL'],
    ];
    const data = encode(rows, STANDARD);
    for (let p = 0; p <= data.length; p++) expect(read(cut(data, [p]), STANDARD)).toEqual(rows);
    expect(read(cut(data, [...Array(data.length).keys()]), STANDARD)).toEqual(rows);
  });

  it('quotes values as PostgreSQL does', () => {
    const line = csvRowEncoder(',', '"', '"', '', []);
    expect(line(['a', '', null, 'a,b', 'c"d', 'x\ny', '\\.'])).toBe('a,"",,"a,b","c""d","x\ny",\\.\n');
    expect(line(['\\.'])).toBe('"\\."\n');
    expect(csvRowEncoder(';', "'", '\\', 'NULL', [false, true])(['NULL', "it's\\"])).toBe("'NULL';'it\\'s\\\\'\n");
  });

  it('parses quoted parts, escapes and NULLs as PostgreSQL does', () => {
    expect(read([Buffer.from('1,ab"cd"ef,"a,b","c""d",,""\n')], STANDARD)).toEqual([['1', 'abcdef', 'a,b', 'c"d', null, '']]);
    const esc = { ...STANDARD, escape: '\\' };
    expect(read([Buffer.from('"a\\"b\\\\c\\d",x\n')], esc)).toEqual([['a"b\\c\\d', 'x']]);
    expect(() => read([Buffer.from('a\\"b,x\n')], esc)).toThrow('unterminated CSV quoted field');
    expect(() => read([Buffer.from('1,"abc\n')], STANDARD)).toThrow('unterminated CSV quoted field');
    expect(read([Buffer.from('x\n\n""\n')], STANDARD)).toEqual([['x'], [null], ['']]);
  });

  it('takes \\. as the end only alone on a line', () => {
    expect(readLines('a\n\\.\nb\n', CSV).lines).toEqual(['a']);
    expect(readLines('a\nb\\.\nc\n', CSV).lines).toEqual(['a', 'b\\.', 'c']);
    expect(readLines('a\n"\\."\n', CSV).lines).toEqual(['a', '"\\."']);
    expect(readLines('"x\n\\.\ny"\n', CSV).lines).toEqual(['"x\n\\.\ny"']);
    expect(readLines('a\n\\.', CSV).lines).toEqual(['a', '\\.']);
    expect(readLines('a\n\\.x\n', CSV).lines).toEqual(['a', '\\.x']);
  });

  it('counts line endings inside quotes once the line style is known', () => {
    // the first record's style is not known yet, so its quoted newlines do not count
    expect(readLines('1,"a\nb\nc",d\n2,x\n3,y\n', CSV)).toEqual({ lines: ['1,"a\nb\nc",d', '2,x', '3,y'], lineNo: 4 });
    expect(readLines('1,x\n2,"y\nz"\n', CSV)).toEqual({ lines: ['1,x', '2,"y\nz"'], lineNo: 4 });
    expect(() => readLines('1,x\n2,y\r', CSV)).toThrow('unquoted carriage return found in data');
    expect(() => readLines('1,x\r2,y\n', CSV)).toThrow('unquoted newline found in data');
  });
});
