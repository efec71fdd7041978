// Sequence values (nextval, setval): outside transactions, as in PostgreSQL — a value handed
// out is never handed out again, even if the transaction that took it rolls back. The state
// lives in memory and in the catalog's KV log: like PostgreSQL (which logs 32 values ahead),
// the log records a value up to 32 steps ahead, so at most 32 values are skipped after a crash;
// a clean shutdown records the exact state.
import { DbError, SqlState } from '../errors.js';
import type { KvLog } from '../storage/kv/index.js';
import type { SequenceOptions } from './objects.js';

const LOG_AHEAD = 32n;

interface SequenceState {
  /** The last value returned (or the start value before the first nextval). */
  last: bigint;
  isCalled: boolean;
  /** The value recorded in the log: nextval may go up to it without writing. */
  logged: bigint;
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
      s = { last: BigInt(v.last), isCalled: v.isCalled, logged: BigInt(v.last) };
    } else {
      s = { last: BigInt(options.start), isCalled: false, logged: BigInt(options.start) };
    }
    this.states.set(k, s);
    return s;
  }

  private persist(dbOid: number, oid: number, last: bigint, isCalled: boolean): void {
    const write = this.kv.put(key(dbOid, oid), Buffer.from(JSON.stringify({ last: String(last), isCalled })));
    this.pending = this.pending.then(() => write).catch(() => {});
  }

  /** nextval(): the next value, or 2200H when a non-cycling sequence is exhausted. */
  nextval(dbOid: number, oid: number, name: string, options: SequenceOptions): bigint {
    const s = this.load(dbOid, oid, options);
    const inc = BigInt(options.increment);
    const min = BigInt(options.min);
    const max = BigInt(options.max);
    const wasCalled = s.isCalled;
    let wrapped = false;
    let next: bigint;
    if (!s.isCalled) next = s.last;
    else {
      next = s.last + inc;
      if (inc > 0n && next > max) {
        if (!options.cycle) throw new DbError('2200H', `nextval: reached maximum value of sequence "${name}" (${max})`);
        next = min;
        wrapped = true;
      } else if (inc < 0n && next < min) {
        if (!options.cycle) throw new DbError('2200H', `nextval: reached minimum value of sequence "${name}" (${min})`);
        next = max;
        wrapped = true;
      }
    }
    s.last = next;
    s.isCalled = true;
    // as PostgreSQL: log again once the values logged ahead are used up (or after a reset)
    const ahead = !wasCalled || wrapped || (inc > 0n ? next > s.logged : next < s.logged);
    if (ahead) {
      s.logged = next + inc * LOG_AHEAD;
      this.persist(dbOid, oid, s.logged, true);
    }
    return next;
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
    s.logged = value;
    this.persist(dbOid, oid, value, isCalled);
  }

  /**
   * The state as pg_sequences / SELECT FROM a sequence show it; `logCnt` is PostgreSQL's
   * log_cnt, the values nextval may still hand out before it logs again.
   */
  peek(dbOid: number, oid: number, options: SequenceOptions): { last: bigint; isCalled: boolean; logCnt: bigint } {
    const s = this.load(dbOid, oid, options);
    const inc = BigInt(options.increment);
    const logCnt = s.isCalled && inc !== 0n ? (s.logged - s.last) / inc : 0n;
    return { last: s.last, isCalled: s.isCalled, logCnt: logCnt > 0n ? logCnt : 0n };
  }

  /** Forgets a dropped sequence. */
  drop(dbOid: number, oid: number): void {
    this.states.delete(`${dbOid}/${oid}`);
    const write = this.kv.delete(key(dbOid, oid));
    this.pending = this.pending.then(() => write).catch(() => {});
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
