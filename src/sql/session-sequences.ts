// A session's view of sequences (nextval, currval, setval, lastval): non-transactional, as in
// PostgreSQL. The values live in the cluster's SequenceStore (catalog/sequences.ts); the session
// keeps what PostgreSQL keeps per backend — the last value of each sequence it used (currval),
// the last sequence (lastval) and the values a CACHE > 1 sequence handed it and it has not used.
import type { Cluster } from '../cluster.js';
import type { CatalogTxn } from '../catalog/catalog-txn.js';
import { DbError, SqlState } from '../errors.js';

export class SessionSequences {
  private readonly values = new Map<number, bigint>();
  private lastOid: number | null = null;
  /** Values handed out at once and not used yet: after `last`, up to `cached`. */
  private readonly caches = new Map<number, { last: bigint; cached: bigint; increment: bigint }>();

  constructor(
    private readonly cluster: Cluster,
    private readonly dbOid: number,
    /** The catalog the session sees now (its transaction's, or the committed one). */
    private readonly catalog: () => CatalogTxn,
  ) {}

  private sequence(oid: number) {
    const r = this.catalog().get(oid);
    if (r?.kind !== 'relation' || r.relkind !== 'S' || !r.sequence) {
      if (r?.kind === 'relation') throw new DbError(SqlState.WrongObjectType, `"${r.name}" is not a sequence`);
      throw new DbError(SqlState.UndefinedTable, `could not open relation with OID ${oid}`);
    }
    return r;
  }

  next(oid: number): bigint {
    const seq = this.sequence(oid);
    const cache = this.caches.get(oid);
    let value: bigint;
    if (cache && cache.last !== cache.cached) {
      value = cache.last += cache.increment;
    } else {
      const block = this.cluster.catalog.sequences.nextval(this.dbOid, oid, seq.name, seq.sequence!);
      value = block.first;
      if (block.last !== block.first) this.caches.set(oid, { last: block.first, cached: block.last, increment: BigInt(seq.sequence!.increment) });
      else this.caches.delete(oid);
    }
    this.values.set(oid, value);
    this.lastOid = oid;
    return value;
  }

  current(oid: number): bigint {
    const seq = this.sequence(oid);
    const value = this.values.get(oid);
    if (value === undefined) {
      throw new DbError(SqlState.ObjectNotInPrerequisiteState, `currval of sequence "${seq.name}" is not yet defined in this session`);
    }
    return value;
  }

  set(oid: number, value: bigint, isCalled: boolean): bigint {
    const seq = this.sequence(oid);
    this.cluster.catalog.sequences.setval(this.dbOid, oid, seq.name, seq.sequence!, value, isCalled);
    this.caches.delete(oid);
    if (isCalled) {
      this.values.set(oid, value);
      this.lastOid = oid;
    }
    return value;
  }

  last(): bigint {
    if (this.lastOid === null) throw new DbError(SqlState.ObjectNotInPrerequisiteState, 'lastval is not yet defined in this session');
    return this.values.get(this.lastOid)!;
  }

  /** ALTER SEQUENCE in this session: the values it cached are given up, as PostgreSQL does. */
  forgetCache(oid: number): void {
    this.caches.delete(oid);
  }

  /** DISCARD SEQUENCES (and DISCARD ALL): currval, lastval and cached values are forgotten. */
  discard(): void {
    this.caches.clear();
    this.values.clear();
    this.lastOid = null;
  }
}
