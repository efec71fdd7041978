// The wall clock in PostgreSQL's timestamp unit: microseconds since 2000-01-01 00:00 UTC,
// with microsecond resolution (Date.now() anchored once, advanced by the monotonic clock).

const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const anchorMicros = BigInt(Date.now() - PG_EPOCH_MS) * 1000n;
const anchorHr = process.hrtime.bigint();

/** Current time as a PostgreSQL timestamptz value. */
export function nowMicros(): bigint {
  return anchorMicros + (process.hrtime.bigint() - anchorHr) / 1000n;
}
