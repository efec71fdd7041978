// Byte-string order (memcmp, then length) for in-memory keys: the order of Buffer.compare, with
// short keys compared in JavaScript, which is several times cheaper than the native call.
// Returns a number with the sign of Buffer.compare(a, b) (not necessarily -1, 0 or 1).

/** Bytes compared in JavaScript before the rest of a long shared prefix goes to Buffer.compare. */
const INLINE_COMPARE = 32;

export function compareBytes(a: Buffer, b: Buffer): number {
  const alen = a.length;
  const blen = b.length;
  const n = alen < blen ? alen : blen;
  const m = n < INLINE_COMPARE ? n : INLINE_COMPARE;
  for (let i = 0; i < m; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  if (n > INLINE_COMPARE) return a.compare(b, INLINE_COMPARE, blen, INLINE_COMPARE, alen);
  return alen - blen;
}
