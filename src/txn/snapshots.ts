// Snapshots (DESIGN.md §6): a snapshot is a CSN, and a row version is visible to it when the
// commit that made it has a CSN at or below it. `visible` is the newest CSN whose commit — and
// every commit before it — is durable and applied: the snapshot a statement or transaction takes.
// Sessions register the snapshots they read with; the horizon (the oldest registered snapshot,
// or `visible` when none is) tells the version store which old versions nobody can read any more.
// Invariant: visible only grows; horizon() ≤ every registered snapshot and ≤ visible.

export class SnapshotRegistry {
  /** Every commit up to this CSN is durable and applied. */
  private visibleCsn = 0;
  /** Registered snapshots: CSN → how many holders. */
  private readonly held = new Map<number, number>();
  private readonly waiters: { csn: number; resolve: () => void }[] = [];

  get visible(): number {
    return this.visibleCsn;
  }

  /** Commits up to `csn` are durable and applied. Requires: called in CSN order. */
  advance(csn: number): void {
    if (csn <= this.visibleCsn) return;
    this.visibleCsn = csn;
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => w.csn <= csn);
    if (ready.length === 0) return;
    this.waiters.splice(0, this.waiters.length, ...this.waiters.filter((w) => w.csn > csn));
    for (const w of ready) w.resolve();
  }

  /** Resolves once commits up to `csn` are visible. */
  whenVisible(csn: number): Promise<void> {
    if (csn <= this.visibleCsn) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ csn, resolve }));
  }

  /** Takes and registers a snapshot of the visible state; release it with release(). */
  take(): number {
    const csn = this.visibleCsn;
    this.held.set(csn, (this.held.get(csn) ?? 0) + 1);
    return csn;
  }

  release(csn: number): void {
    const n = this.held.get(csn);
    if (n === undefined) return;
    if (n <= 1) this.held.delete(csn);
    else this.held.set(csn, n - 1);
  }

  /** The oldest CSN any reader may still read at. */
  horizon(): number {
    let min = this.visibleCsn;
    for (const csn of this.held.keys()) if (csn < min) min = csn;
    return min;
  }

  /** The distinct registered snapshot CSNs (what LSM compaction keeps versions for). */
  csns(): number[] {
    return [...this.held.keys()];
  }

  /** Registered snapshots (tests, statistics). */
  get registered(): number {
    let n = 0;
    for (const c of this.held.values()) n += c;
    return n;
  }
}
