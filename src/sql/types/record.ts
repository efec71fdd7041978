// TypeIO of row values: the anonymous `record` type and every composite type (a table's or
// view's row type, a catalog relation's). PostgreSQL's record_out / record_in / record_send /
// record_recv:
//   text     (1,"a b",,"") — a NULL field is empty; a field is double-quoted when it is empty
//            or holds " \ ( ) , or white space, and inside quotes " and \ are doubled
//   binary   int32 field count, then per field: uint32 type OID, int32 length (-1 for NULL),
//            the field's own binary form
// Output and send read the field types from the value (RecordValue carries its descriptor).
// Input and receive need the fields of the target type: a named composite type's come from the
// session's catalog (TypeContext.names); the anonymous record type has none, so its input fails
// with 0A000 as in PostgreSQL.
import { builtins } from '../../catalog/builtins.js';
import { DbError, SqlState } from '../../errors.js';
import { badBinaryFormat, insufficientData } from './errors.js';
import { Oid } from './oids.js';
import { isSpace } from './text-util.js';
import type { TypeContext, TypeIO } from './typeio.js';
import { RecordValue, type RecordDescriptor, type Value } from './value.js';

/** Where the row types derived for tables and views begin and end (sql/system/catalog-objects.ts). */
const DERIVED_ROW_TYPES = 0x80000000;
const DERIVED_ROW_ARRAYS = 0xc0000000;

/** The array type of a table's or view's row type, or 0 for any other type. */
export function derivedRowArrayOf(oid: number): number {
  return oid >= DERIVED_ROW_TYPES && oid < DERIVED_ROW_ARRAYS ? oid - DERIVED_ROW_TYPES + DERIVED_ROW_ARRAYS : 0;
}

/** The row type whose array type this is (a table's or view's), or 0 for any other type. */
export function rowTypeOfDerivedArray(oid: number): number {
  return oid >= DERIVED_ROW_ARRAYS && oid <= 0xffffffff ? oid - DERIVED_ROW_ARRAYS + DERIVED_ROW_TYPES : 0;
}

/** Whether values of a type are rows: `record`, a table's or view's row type, a catalog row type. */
export function isRowType(oid: number): boolean {
  if (oid === Oid.record) return true;
  if (oid >= DERIVED_ROW_TYPES && oid < DERIVED_ROW_ARRAYS) return true;
  return builtins().typeByOid.get(oid)?.typtype === 'c';
}

/** record_out's quoting of one field's text. */
export function quoteRecordField(text: string): string {
  let quote = text.length === 0;
  for (let i = 0; i < text.length && !quote; i++) {
    const c = text.charCodeAt(i);
    quote = c === 34 || c === 92 || c === 40 || c === 41 || c === 44 || isSpace(c);
  }
  if (!quote) return text;
  return '"' + text.replace(/["\\]/g, (ch) => ch + ch) + '"';
}

/** record_out. */
export function formatRecordText(r: RecordValue, output: (value: Value, type: number) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < r.fields.length; i++) {
    const v = r.fields[i]!;
    parts.push(v === null ? '' : quoteRecordField(output(v, r.desc.types[i]!)));
  }
  return '(' + parts.join(',') + ')';
}

function malformed(text: string, detail: string): DbError {
  return new DbError(SqlState.InvalidTextRepresentation, `malformed record literal: "${text}"`, { detail });
}

/** record_in's split of a literal into field texts (null for an empty, unquoted field). */
export function parseRecordText(text: string, count: number): (string | null)[] {
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (text[i] !== '(') throw malformed(text, 'Missing left parenthesis.');
  i++;
  const out: (string | null)[] = [];
  for (let n = 0; n < count; n++) {
    if (n > 0) {
      if (text[i] !== ',') throw malformed(text, 'Too few columns.');
      i++;
    }
    if (text[i] === ',' || text[i] === ')') {
      out.push(null);
      continue;
    }
    let field = '';
    let inQuote = false;
    while (inQuote || (text[i] !== ',' && text[i] !== ')')) {
      if (i >= text.length) throw malformed(text, 'Unexpected end of input.');
      const ch = text[i++]!;
      if (ch === '\\') {
        if (i >= text.length) throw malformed(text, 'Unexpected end of input.');
        field += text[i++];
      } else if (ch === '"') {
        if (!inQuote) inQuote = true;
        else if (text[i] === '"') field += text[i++];
        else inQuote = false;
      } else {
        field += ch;
      }
    }
    out.push(field);
  }
  if (text[i] !== ')') throw malformed(text, 'Too many columns.');
  i++;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (i < text.length) throw malformed(text, 'Junk after right parenthesis.');
  return out;
}

function anonymousInput(): DbError {
  return new DbError(SqlState.FeatureNotSupported, 'input of anonymous composite types is not implemented');
}

type IOLookup = (oid: number) => TypeIO | undefined;

function fieldIO(lookup: IOLookup, type: number): TypeIO {
  const io = lookup(type);
  if (!io) throw new DbError(SqlState.FeatureNotSupported, `type OID ${type} has no input/output yet`);
  return io;
}

/** The fields of a named composite type, from the session's catalog. */
function descriptorOf(oid: number, ctx: TypeContext): RecordDescriptor {
  if (oid === Oid.record) throw anonymousInput();
  const desc = ctx.names?.rowTypeFields?.(oid);
  if (!desc) throw new DbError(SqlState.FeatureNotSupported, `input of composite type ${oid} is not supported yet`);
  return desc;
}

/** The TypeIO of row type `oid`; field values go through `lookup`'s I/O of their types. */
export function makeRecordIO(oid: number, lookup: IOLookup): TypeIO {
  return {
    output: (value, ctx) => formatRecordText(value as RecordValue, (v, type) => fieldIO(lookup, type).output(v, ctx)),
    input(text, _typmod, ctx) {
      const desc = descriptorOf(oid, ctx);
      const texts = parseRecordText(text, desc.types.length);
      return new RecordValue(
        desc,
        texts.map((t, i) => (t === null ? null : fieldIO(lookup, desc.types[i]!).input(t, desc.typmods[i]!, ctx))),
      );
    },
    send(value, ctx) {
      const r = value as RecordValue;
      const parts: Buffer[] = [Buffer.alloc(4)];
      parts[0]!.writeInt32BE(r.fields.length);
      r.fields.forEach((v, i) => {
        const type = r.desc.types[i]!;
        const head = Buffer.alloc(8);
        head.writeUInt32BE(type >>> 0, 0);
        if (v === null) {
          head.writeInt32BE(-1, 4);
          parts.push(head);
          return;
        }
        const body = fieldIO(lookup, type).send(v, ctx);
        head.writeInt32BE(body.length, 4);
        parts.push(head, body);
      });
      return Buffer.concat(parts);
    },
    receive(data, _typmod, ctx) {
      const desc = descriptorOf(oid, ctx);
      let pos = 0;
      const int32 = (): number => {
        if (pos + 4 > data.length) throw insufficientData();
        const v = data.readInt32BE(pos);
        pos += 4;
        return v;
      };
      const count = int32();
      if (count !== desc.types.length) {
        throw new DbError(SqlState.DatatypeMismatch, `wrong number of columns: ${count}, expected ${desc.types.length}`);
      }
      const fields: Value[] = [];
      for (let i = 0; i < count; i++) {
        const type = int32() >>> 0;
        if (type !== desc.types[i]) throw new DbError(SqlState.DatatypeMismatch, `wrong data type: ${type}, expected ${desc.types[i]}`);
        const length = int32();
        if (length === -1) {
          fields.push(null);
          continue;
        }
        if (length < 0 || pos + length > data.length) throw badBinaryFormat('insufficient data left in message');
        const bytes = data.subarray(pos, pos + length);
        pos += length;
        fields.push(fieldIO(lookup, type).receive(bytes, desc.typmods[i]!, ctx));
      }
      if (pos !== data.length) throw badBinaryFormat();
      return new RecordValue(desc, fields);
    },
  };
}
