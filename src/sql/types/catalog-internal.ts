// Types of system catalog columns: pg_node_tree (a stored expression, pg_attrdef.adbin /
// pg_constraint.conbin), the statistics types pg_ndistinct, pg_dependencies and pg_mcv_list,
// anyarray (pg_attribute.attmissingval, pg_stats), xid (transaction ids, pg_class.relfrozenxid)
// and pg_lsn (WAL positions, in the replication views). The first ones refuse typed-in values,
// as PostgreSQL's do; xid reads a number the way C's strtoul does (PostgreSQL 15's xidin);
// pg_lsn reads and prints `hi/lo` in hexadecimal.
// Representations: pg_node_tree and the statistics types strings (Treeline's serialized
// expression, see sql/deparse/node-tree.ts), xid a number, pg_lsn a bigint, anyarray an
// ArrayValue of any element type.
import { builtins } from '../../catalog/builtins.js';
import { DbError, SqlState } from '../../errors.js';
import { checkBinaryLength } from './errors.js';
import type { TypeIO } from './typeio.js';
import type { ArrayValue } from './value.js';

function cannotAccept(type: string): DbError {
  return new DbError(SqlState.FeatureNotSupported, `cannot accept a value of type ${type}`);
}

/** A type whose values only the system makes: input refused, text output as stored. */
export function systemOnlyIO(type: string): TypeIO {
  return {
    input() {
      throw cannotAccept(type);
    },
    output: (value) => value as string,
    receive() {
      throw cannotAccept(type);
    },
    send: (value) => Buffer.from(value as string, 'utf8'),
  };
}

export const pgNodeTreeIO = systemOnlyIO('pg_node_tree');

function badLsn(text: string): DbError {
  return new DbError(SqlState.InvalidTextRepresentation, `invalid input syntax for type pg_lsn: "${text}"`);
}

export const pgLsnIO: TypeIO = {
  input(text) {
    const m = /^([0-9a-fA-F]{1,8})\/([0-9a-fA-F]{1,8})$/.exec(text);
    if (!m) throw badLsn(text);
    return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
  },
  output(value) {
    const v = value as bigint;
    return `${(v >> 32n).toString(16).toUpperCase()}/${(v & 0xffffffffn).toString(16).toUpperCase()}`;
  },
  receive(data) {
    checkBinaryLength(data, 8);
    return data.readBigUInt64BE(0);
  },
  send(value) {
    const b = Buffer.allocUnsafe(8);
    b.writeBigUInt64BE(value as bigint, 0);
    return b;
  },
};

/** strtoul(text, NULL, 0) truncated to 32 bits: leading spaces, sign, 0x / 0 prefixes, stops at garbage. */
export function parseXid(text: string): number {
  let i = 0;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') negative = text[i++] === '-';
  let base = 10n;
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && /[0-9a-fA-F]/.test(text[i + 2] ?? '')) {
    base = 16n;
    i += 2;
  } else if (text[i] === '0') base = 8n;
  let value = 0n;
  let overflow = false;
  for (; i < text.length; i++) {
    const digit = parseInt(text[i]!, 16);
    if (Number.isNaN(digit) || BigInt(digit) >= base) break;
    value = value * base + BigInt(digit);
    if (value > 0xffffffffffffffffn) overflow = true;
  }
  if (overflow) return 0xffffffff;
  if (negative) value = (1n << 64n) - value;
  return Number(value & 0xffffffffn);
}

export const xidIO: TypeIO = {
  input: (text) => parseXid(text),
  output: (value) => String(value),
  receive(data) {
    checkBinaryLength(data, 4);
    return data.readUInt32BE(0);
  },
  send(value) {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32BE(value as number, 0);
    return b;
  },
};

/** anyarray prints (and sends) a value with the I/O of its own array type. */
export function makeAnyarrayIO(typeIO: (oid: number) => TypeIO | undefined): TypeIO {
  const ioOf = (value: ArrayValue): TypeIO => {
    const arrayType = builtins().typeByOid.get(value.elementType)?.typarray ?? 0;
    const io = typeIO(arrayType);
    if (!io) throw new DbError(SqlState.FeatureNotSupported, `output of an array of type ${value.elementType} is not supported yet`);
    return io;
  };
  return {
    input() {
      throw cannotAccept('anyarray');
    },
    output: (value, ctx) => ioOf(value as ArrayValue).output(value, ctx),
    receive() {
      throw cannotAccept('anyarray');
    },
    send: (value, ctx) => ioOf(value as ArrayValue).send(value, ctx),
  };
}
