// Sequence values (nextval, setval): outside transactions, as in PostgreSQL — a value handed
// out is never handed out again, even if the transaction that took it rolls back. The state
// lives in memory and in the catalog's KV log: like PostgreSQL (which logs 32 values ahead),
// the log records a value up to 32 steps ahead, so at most 32 values (plus a session's cached
// ones) are skipped after a crash; a clean shutdown records the exact state. nextval hands out
// CACHE values at once, which the calling session keeps (sql/session.ts), as PostgreSQL does.
import { DbError, SqlState } from '../errors.js';
import type { KvLog } from '../storage/kv/index.js';
import type { SequenceOptions } from './objects.js';

const LOG_AHEAD = 32n;

interface SequenceState {
  /** last_value: the last value handed out (or cached by a session), or the next one before the first nextval. */
  last: bigint;
  isCalled: boolean;
  /** PostgreSQL's log_cnt: values nextval may still hand out before it records the state again. */
  logCnt: bigint;
}

/** Values nextval handed out at once: `first`, then up to `last` by the increment (a session caches the rest). */
export interface SequenceBlock {
  first: bigint;
  last: bigint;
}

const key = (dbOid: number, oid: number) => Buffer.from(`s/${dbOid.toString(16).padStart(8, '0')}/${oid.toString(16).padStart(8, '0')}`);

export class SequenceStore {
  private readonly states = new Map<string, SequenceState>();
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly kv: KvLog) {}

  private load(dbOid: number, oid: number, options: SequenceOptions): SequenceState {
    const k = `${dbOid}/${oid}`;
    let s = this.states.get(k);
    if (s) return s;
    const stored = this.kv.get(key(dbOid, oid));
    if (stored) {
      const v = JSON.parse(stored.toString()) as { last: string; isCalled: boolean };
      s = { last: BigInt(v.last), isCalled: v.isCalled, logCnt: 0n };
    } else {
      s = { last: BigInt(options.start), isCalled: false, logCnt: 0n };
    }
    this.states.set(k, s);
    return s;
  }

  private persist(dbOid: number, oid: number, last: bigint, isCalled: boolean): void {
    const write = this.kv.put(key(dbOid, oid), Buffer.from(JSON.stringify({ last: String(last), isCalled })));
    this.pending = this.pending.then(() => write).catch(() => {});
  }

  /**
   * nextval() as PostgreSQL's nextval_internal: up to CACHE values at once (fewer at the end of
   * a non-cycling range; 2200H when not even one is left). When the values logged ahead are used
   * up it records the state 32 values further on, so a crash skips values but never repeats one.
   */
  nextval(dbOid: number, oid: number, name: string, options: SequenceOptions): SequenceBlock {
    const s = this.load(dbOid, oid, options);
    const inc = BigInt(options.increment);
    const min = BigInt(options.min);
    const max = BigInt(options.max);
    const cache = BigInt(options.cache) > 0n ? BigInt(options.cache) : 1n;
    let next = s.last;
    let last = s.last;
    let first = s.last;
    let fetch = cache;
    let log = s.logCnt;
    let got = 0n;
    let logit = false;
    if (!s.isCalled) {
      // the first value is last_value itself
      got++;
      fetch--;
    }
    if (log < fetch || !s.isCalled) {
      fetch = log = fetch + LOG_AHEAD;
      logit = true;
    }
    while (fetch > 0n) {
      if (inc > 0n ? next > max - inc : next < min - inc) {
        if (got > 0n) break;
        if (!options.cycle) {
          throw new DbError('2200H', `nextval: reached ${inc > 0n ? 'maximum' : 'minimum'} value of sequence "${name}" (${inc > 0n ? max : min})`);
        }
        next = inc > 0n ? min : max;
      } else {
        next += inc;
      }
      fetch--;
      if (got < cache) {
        log--;
        got++;
        last = next;
        if (got === 1n) first = next;
      }
    }
    log -= fetch;
    s.last = last;
    s.isCalled = true;
    s.logCnt = log;
    if (logit) this.persist(dbOid, oid, next, true);
    return { first, last };
  }

  /** setval(): sets the last value (is_called false: the next nextval returns it). */
  setval(dbOid: number, oid: number, name: string, options: SequenceOptions, value: bigint, isCalled: boolean): void {
    const min = BigInt(options.min);
    const max = BigInt(options.max);
    if (value < min || value > max) {
      throw new DbError(SqlState.NumericValueOutOfRange, `setval: value ${value} is out of bounds for sequence "${name}" (${min}..${max})`);
    }
    const s = this.load(dbOid, oid, options);
    s.last = value;
    s.isCalled = isCalled;
    s.logCnt = 0n;
    this.persist(dbOid, oid, value, isCalled);
  }

  /** After ALTER SEQUENCE: the next nextval records the state again (log_cnt 0, as PostgreSQL shows it). */
  resetLog(dbOid: number, oid: number, options: SequenceOptions): void {
    this.load(dbOid, oid, options).logCnt = 0n;
  }

  /** The state as pg_sequences / SELECT FROM a sequence show it. */
  peek(dbOid: number, oid: number, options: SequenceOptions): { last: bigint; isCalled: boolean; logCnt: bigint } {
    const s = this.load(dbOid, oid, options);
    return { last: s.last, isCalled: s.isCalled, logCnt: s.logCnt };
  }

  /** Forgets a dropped sequence. */
  drop(dbOid: number, oid: number): void {
    this.states.delete(`${dbOid}/${oid}`);
    const write = this.kv.delete(key(dbOid, oid));
    this.pending = this.pending.then(() => write).catch(() => {});
  }

  /** Resolves when every state recorded so far is durable (a commit that used nextval waits). */
  settled(): Promise<void> {
    return this.pending;
  }

  /** Records every sequence's exact state (clean shutdown). */
  async flush(): Promise<void> {
    for (const [k, s] of this.states) {
      const [db, oid] = k.split('/').map(Number) as [number, number];
      this.persist(db, oid, s.last, s.isCalled);
    }
    await this.pending;
  }
}
