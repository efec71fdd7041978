// C's rint() under the default rounding mode: round half to even. PostgreSQL rounds with it
// wherever it turns a double into an integer (float casts, microseconds of intervals).

/** Rounds to the nearest integer, ties to even. */
export function rint(x: number): number {
  const r = Math.round(x); // ties toward +Infinity
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
