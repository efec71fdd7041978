// COPY's text format: rows encoded as COPY TO writes them read back identically through the
// line reader and field parser, however the input is cut into chunks; and the reading rules
// PostgreSQL 15 follows (escapes, line endings, the end-of-data marker), checked against
// answers recorded from it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextLineParser, textRowEncoder } from '../../../src/sql/copy/text-codec.js';
import { cut, readLines, readRows } from './chunks.js';

const TEXT = { csv: false, quote: -1, escape: -1 };

/** Strings with the characters the format has to escape, and any other code points. */
const awkward = fc.oneof(
  fc.string({ unit: fc.constantFrom('\t', '\n', '\r', '\\', '.', 'N', '|', ',', ' ', '\b', '\f', '\v', 'é', '€', '😀', 'x') }),
  fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !s.includes('\0')),
);
const field = fc.option(awkward, { nil: null });
const delimiter = fc.constantFrom('\t', '|', ',', ';', ' ', '\x01', 'A');

function encode(rows: (string | null)[][], delim: string): Buffer {
  const line = textRowEncoder(delim, '\\N');
  return Buffer.from(rows.map(line).join(''), 'utf8');
}

const parse = (delim: string) => {
  const p = new TextLineParser(delim, '\\N');
  return p.split.bind(p);
};

describe('text format', () => {
  it('reads back what it writes, cut into chunks anywhere', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((n) => fc.array(fc.array(field, { minLength: n, maxLength: n }), { maxLength: 12 })),
        delimiter,
        fc.array(fc.nat(), { maxLength: 6 }),
        (rows, delim, cuts) => {
          const data = encode(rows, delim);
          const positions = cuts.map((c) => c % (data.length + 1));
          expect(readRows(cut(data, positions), TEXT, parse(delim))).toEqual(rows);
        },
      ),
    );
  });

  it('reads back a row cut at every single position', () => {
    const rows = [
      ['a\tb', null, '\\N', '\\.', 'é€😀'],
      ['', 'x\r\ny', '\\', '.', '\n'],
    ];
    const data = encode(rows, '\t');
    for (let p = 0; p <= data.length; p++) expect(readRows(cut(data, [p]), TEXT, parse('\t'))).toEqual(rows);
    expect(readRows(cut(data, [...Array(data.length).keys()]), TEXT, parse('\t'))).toEqual(rows);
  });

  it('decodes escapes as PostgreSQL does', () => {
    const rows = readRows([Buffer.from('\\b\\f\\n\\r\\t\\v\\\\\\a\\101\\x41\\x4g\\0101\\7\\x|\\N|\\\\N|\\\n')], TEXT, parse('|'));
    expect(rows).toEqual([['\b\f\n\r\t\v\\aAA\x04g\b1\x07x', null, '\\N', '\n']]);
    expect(readRows([Buffer.from('1\t\\xc3\\xa9\tx\\')], TEXT, parse('\t'))).toEqual([['1', 'é', 'x']]);
  });

  it('refuses escapes that make invalid UTF-8 or NUL', () => {
    expect(() => readRows([Buffer.from('1\t\\377\n')], TEXT, parse('\t'))).toThrow('invalid byte sequence for encoding "UTF8": 0xff');
    expect(() => readRows([Buffer.from('a\\000b\n')], TEXT, parse('\t'))).toThrow('invalid byte sequence for encoding "UTF8": 0x00');
    expect(() => readRows([Buffer.from('\\xed\\xa0\\x80\n')], TEXT, parse('\t'))).toThrow('0xed 0xa0 0x80');
  });

  it('compares the raw text with the null string', () => {
    const p = new TextLineParser('\t', 'NULL');
    expect(readRows([Buffer.from('NULL\t\\NULL\tNU\\LL\n')], TEXT, p.split.bind(p))).toEqual([[null, 'NULL', 'NULL']]);
  });

  it('takes the first line ending as the style and refuses others', () => {
    expect(readLines('a\r\nb\r\n', TEXT).lines).toEqual(['a', 'b']);
    expect(readLines('a\rb\r', TEXT).lines).toEqual(['a', 'b']);
    expect(readLines('a\nb', TEXT).lines).toEqual(['a', 'b']);
    expect(() => readLines('a\nb\r', TEXT)).toThrow('literal carriage return found in data');
    expect(() => readLines('a\r\nb\r', TEXT)).toThrow('literal carriage return found in data');
    expect(() => readLines('a\rb\n', TEXT)).toThrow('literal newline found in data');
    expect(() => readLines('a\r\nb\n', TEXT)).toThrow('literal newline found in data');
  });

  it('ends the data at \\. and checks what follows it', () => {
    expect(readLines('a\n\\.\nb\n', TEXT).lines).toEqual(['a']);
    expect(readLines('a\nb\\.\nc\n', TEXT).lines).toEqual(['a', 'b']);
    expect(readLines('a\r\n\\.\r\n', TEXT).lines).toEqual(['a']);
    expect(() => readLines('a\n\\.', TEXT)).toThrow('end-of-copy marker corrupt');
    expect(() => readLines('a\n\\.x\n', TEXT)).toThrow('end-of-copy marker corrupt');
    expect(() => readLines('a\r\n\\.\n', TEXT)).toThrow('end-of-copy marker does not match previous newline style');
    expect(() => readLines('a\n\\.\r\n', TEXT)).toThrow('end-of-copy marker does not match previous newline style');
    expect(readLines('\\\\.\n', TEXT).lines).toEqual(['\\\\.']);
    // from a file, PostgreSQL reads on after a marker that followed data on its line
    expect(readLines('1\n2\\.\n3\n\\.\n4\n', { ...TEXT, file: true }).lines).toEqual(['1', '2', '3']);
  });

  it('reports invalid UTF-8 with the bytes of the bad character', () => {
    const bad = Buffer.concat([Buffer.from('1\tx\n2\ta'), Buffer.from([0xe2, 0x82]), Buffer.from('\tz\n')]);
    expect(() => readLines(bad, TEXT)).toThrow('invalid byte sequence for encoding "UTF8": 0xe2 0x82 0x09');
    expect(() => readLines(Buffer.from([0x61, 0x00, 0x0a]), TEXT)).toThrow('0x00');
    expect(() => readLines(Buffer.from([0x31, 0xc0, 0x80, 0x0a]), TEXT)).toThrow('0xc0 0x80');
    // a valid character cut between chunks is fine
    const euro = Buffer.from('€\n');
    expect(readRows([euro.subarray(0, 1), euro.subarray(1)], TEXT, parse('\t'))).toEqual([['€']]);
  });
});
