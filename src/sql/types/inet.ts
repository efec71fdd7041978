// inet: an IPv4 or IPv6 host address with an optional netmask length, as PostgreSQL's
// inet_in / inet_out read and print it ('10.0.0.1', '10.0.0.0/8', '2001:db8::1/64'; the
// length is omitted when it covers the whole address; IPv6 in compressed form, with a
// dotted IPv4 tail for IPv4-mapped addresses), its binary form (family, bits, is_cidr,
// length, address bytes) and PostgreSQL's ordering (network_cmp).
// Representation: the canonical text form; parseInet() gives the parts.
import { DbError, SqlState } from '../../errors.js';
import { badBinaryFormat, insufficientData } from './errors.js';
import type { TypeIO } from './typeio.js';

export interface InetParts {
  /** 4 (IPv4) or 6 (IPv6). */
  family: 4 | 6;
  bits: number;
  bytes: Uint8Array;
}

function invalid(text: string): DbError {
  return new DbError(SqlState.InvalidTextRepresentation, `invalid input syntax for type inet: "${text}"`);
}

function parseV4(addr: string, hasBits: boolean): Uint8Array | null {
  const parts = addr.split('.');
  if (parts.length > 4 || (parts.length < 4 && !hasBits)) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < parts.length; i++) {
    if (!/^\d{1,3}$/.test(parts[i]!) || Number(parts[i]) > 255) return null;
    bytes[i] = Number(parts[i]);
  }
  return bytes;
}

function parseV6(addr: string): Uint8Array | null {
  const halves = addr.split('::');
  if (halves.length > 2) return null;
  const words = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    const groups = s.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseV4(g, false);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const head = words(halves[0]!);
  const tail = halves.length === 2 ? words(halves[1]!) : [];
  if (!head || !tail) return null;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return null;
  const all = [...head, ...new Array<number>(halves.length === 2 ? fill : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((w, i) => {
    bytes[i * 2] = w >> 8;
    bytes[i * 2 + 1] = w & 0xff;
  });
  return bytes;
}

export function parseInet(text: string): InetParts {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const v6 = addr.includes(':');
  const bytes = v6 ? parseV6(addr) : parseV4(addr, slash >= 0);
  const max = v6 ? 128 : 32;
  let bits = max;
  if (slash >= 0) {
    const b = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(b) || Number(b) > max) throw invalid(text);
    bits = Number(b);
  }
  if (!bytes) throw invalid(text);
  return { family: v6 ? 6 : 4, bits, bytes };
}

function formatV6(bytes: Uint8Array): string {
  const words = Array.from({ length: 8 }, (_, i) => (bytes[i * 2]! << 8) | bytes[i * 2 + 1]!);
  let best = { base: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > best.len) best = { base: i, len: j - i };
    i = j;
  }
  if (best.len < 2) best = { base: -1, len: 0 };
  if (best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
    const tail = `${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
    return best.len === 6 ? `::${tail}` : `::ffff:${tail}`;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === best.base) {
      out += '::';
      i += best.len - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += words[i]!.toString(16);
  }
  return out;
}

export function formatInet(p: InetParts): string {
  const addr = p.family === 4 ? Array.from(p.bytes).join('.') : formatV6(p.bytes);
  return p.bits === (p.family === 4 ? 32 : 128) ? addr : `${addr}/${p.bits}`;
}

function compareBits(a: Uint8Array, b: Uint8Array, bits: number): number {
  for (let i = 0; i < bits; i++) {
    const x = (a[i >> 3]! >> (7 - (i & 7))) & 1;
    const y = (b[i >> 3]! >> (7 - (i & 7))) & 1;
    if (x !== y) return x - y;
  }
  return 0;
}

/** network_cmp: by family, then the common network prefix, the mask length, the whole address. */
export function compareInet(a: string, b: string): number {
  const x = parseInet(a);
  const y = parseInet(b);
  if (x.family !== y.family) return x.family - y.family;
  const prefix = compareBits(x.bytes, y.bytes, Math.min(x.bits, y.bits));
  if (prefix !== 0) return prefix;
  if (x.bits !== y.bits) return x.bits - y.bits;
  return compareBits(x.bytes, y.bytes, x.bytes.length * 8);
}

export const inetIO: TypeIO = {
  input: (text) => formatInet(parseInet(text)),
  output: (value) => value as string,
  receive(data) {
    // family (2 = IPv4, 3 = IPv6), bits, is_cidr, address length, address
    if (data.length < 4) throw insufficientData();
    const [family, bits, , nb] = [data[0]!, data[1]!, data[2]!, data[3]!];
    const v6 = family === 3;
    if ((family !== 2 && family !== 3) || nb !== (v6 ? 16 : 4) || bits > nb * 8) throw badBinaryFormat('invalid external "inet" value');
    if (data.length !== 4 + nb) throw data.length < 4 + nb ? insufficientData() : badBinaryFormat();
    return formatInet({ family: v6 ? 6 : 4, bits, bytes: new Uint8Array(data.subarray(4)) });
  },
  send(value) {
    const p = parseInet(value as string);
    return Buffer.from([p.family === 4 ? 2 : 3, p.bits, 0, p.bytes.length, ...p.bytes]);
  },
};
