// The types of catalog columns: aclitem (PostgreSQL's aclitemin/aclitemout: canonical privilege
// order, grant options, PUBLIC, its errors), inet (text forms, compression of IPv6, binary
// round trip, network_cmp order), xid (strtoul semantics), pg_lsn, pg_node_tree and anyarray
// (values cannot be typed in), and pg_size_pretty's rounding.
import { describe, expect, it } from 'vitest';
import { DbError } from '../../../src/errors.js';
import { sizePretty } from '../../../src/sql/expr/functions/object-size.js';
import { parseAclItem } from '../../../src/sql/types/aclitem.js';
import { parseXid } from '../../../src/sql/types/catalog-internal.js';
import { compareInet, inetIO } from '../../../src/sql/types/inet.js';
import { defaultTypeContext, typeIO } from '../../../src/sql/types/index.js';
import { Oid } from '../../../src/sql/types/oids.js';
import { ArrayValue } from '../../../src/sql/types/value.js';
import { decodeNodeTree, encodeNodeTree, isNullDefault } from '../../../src/sql/deparse/node-tree.js';

const ctx = defaultTypeContext();

function sqlstate(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    if (err instanceof DbError) return `${err.code} ${err.message}`;
    throw err;
  }
  return undefined;
}

describe('aclitem', () => {
  it.each([
    ['=wr*a/postgres', '=ar*w/postgres'],
    ['"postgres"=r/postgres', 'postgres=r/postgres'],
    ['postgres=arwdDxtXUCTcsA*/postgres', 'postgres=arwdDxtXUCTcsA*/postgres'],
    ['=rw', '=rw/postgres'],
    ['pg_database_owner=UC/pg_database_owner', 'pg_database_owner=UC/pg_database_owner'],
  ])('reads %s as %s', (text, canonical) => {
    expect(parseAclItem(text)).toBe(canonical);
  });

  it.each([
    ['x', '22P02 unrecognized key word: "x"'],
    ['foo=r/postgres', '42704 role "foo" does not exist'],
    ['=q/postgres', '22P02 invalid mode character: must be one of "arwdDxtXUCTcsA"'],
    ['=r/', '22P02 a name must follow the "/" sign'],
    [' postgres = r / postgres ', '22P02 extra garbage at the end of the ACL specification'],
  ])('refuses %s', (text, error) => {
    expect(sqlstate(() => parseAclItem(text))).toBe(error);
  });

  it('has no binary form', () => {
    expect(sqlstate(() => typeIO(1033)!.send('=r/postgres', ctx))).toBe('42883 no binary output function available for type aclitem');
  });
});

describe('inet', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['1.2.3.4/32', '1.2.3.4'],
    ['10/8', '10.0.0.0/8'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
    ['::1.2.3.4', '::1.2.3.4'],
    ['1:0:0:1::1', '1:0:0:1::1'],
    ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
    ['2001:db8::1/64', '2001:db8::1/64'],
  ])('reads %s as %s', (text, canonical) => {
    expect(inetIO.input(text, -1, ctx)).toBe(canonical);
  });

  it.each(['10.1', ' 1.2.3.4', '1.2.3.4/33', 'x', '1::2::3', '1.2.3.256'])('refuses %s', (text) => {
    expect(sqlstate(() => inetIO.input(text, -1, ctx))).toBe(`22P02 invalid input syntax for type inet: "${text}"`);
  });

  it('round-trips the binary form', () => {
    for (const v of ['10.0.0.0/8', '::1', '2001:db8::1/64']) {
      expect(inetIO.receive(inetIO.send(v, ctx), -1, ctx)).toBe(v);
    }
    expect([...inetIO.send('10.0.0.0/8', ctx)]).toEqual([2, 8, 0, 4, 10, 0, 0, 0]);
  });

  it('orders by family, network prefix, mask length, then address', () => {
    const sorted = ['::1', '10.0.0.0/16', '1.2.3.5', '10.0.0.0/8', '1.2.3.4'].sort(compareInet);
    expect(sorted).toEqual(['1.2.3.4', '1.2.3.5', '10.0.0.0/8', '10.0.0.0/16', '::1']);
  });
});

describe('xid, pg_node_tree, anyarray', () => {
  it.each([
    ['abc', 0],
    ['4294967296', 0],
    ['-1', 4294967295],
    [' 12 ', 12],
    ['0x10', 16],
    ['010', 8],
    ['99999999999999999999', 4294967295],
  ])('xid reads %s as %i, as strtoul does', (text, n) => {
    expect(parseXid(text)).toBe(n);
  });

  it('refuses typed-in pg_node_tree and anyarray values, and prints anyarray with its element type', () => {
    expect(sqlstate(() => typeIO(Oid.pg_node_tree)!.input('x', -1, ctx))).toBe('0A000 cannot accept a value of type pg_node_tree');
    expect(sqlstate(() => typeIO(Oid.anyarray)!.input('{1}', -1, ctx))).toBe('0A000 cannot accept a value of type anyarray');
    expect(typeIO(Oid.anyarray)!.output(new ArrayValue(Oid.int4, [1, null], [2]), ctx)).toBe('{1,NULL}');
  });

  it('keeps a stored expression with its column type, and knows a NULL default', () => {
    const node = { A_Const: { ival: { ival: 1 } } };
    expect(decodeNodeTree(encodeNodeTree({ node, coerceTo: { type: 23, typmod: -1 } }))).toEqual({ node, coerceTo: { type: 23, typmod: -1 } });
    expect(isNullDefault({ A_Const: { isnull: true } })).toBe(true);
    expect(isNullDefault({ TypeCast: { arg: { A_Const: { isnull: true } } } })).toBe(true);
    expect(isNullDefault(node)).toBe(false);
  });
});

describe('pg_lsn', () => {
  it('reads and prints hi/lo in hexadecimal, and refuses anything else', () => {
    const io = typeIO(3220)!;
    expect(io.output(io.input('0/16b3748', -1, ctx), ctx)).toBe('0/16B3748');
    expect(io.input('ffffffff/ffffffff', -1, ctx)).toBe(0xffffffffffffffffn);
    expect(io.receive(io.send(0x1_0000_0002n, ctx), -1, ctx)).toBe(0x1_0000_0002n);
    for (const bad of ['x', '1/', '100000000/0', ' 1/2']) {
      expect(sqlstate(() => io.input(bad, -1, ctx))).toBe(`22P02 invalid input syntax for type pg_lsn: "${bad}"`);
    }
  });
});

describe('pg_size_pretty', () => {
  it.each([
    [0n, '0 bytes'],
    [10239n, '10239 bytes'],
    [10240n, '10 kB'],
    [20971519n, '20 MB'],
    [10485759n, '10 MB'],
    [1000000000n, '954 MB'],
    [-12345678n, '-12 MB'],
    [9223372036854775807n, '8192 PB'],
  ])('%s bytes is %s', (bytes, text) => {
    expect(sizePretty(bytes)).toBe(text);
  });
});
