// Fault rules and operation counters of the fault-injecting engine. A test arms rules with
// failNext ("fail the 2nd sync of the WAL with EIO, once") and reads counters afterwards
// ("the WAL was synced twice"). Paths are compared after path.resolve, as the engines do.
// Invariant: a call fires at most one rule; every armed rule that matches the call and still
// has calls to let through (`skip`) counts the call, so each rule's `skip` is independent.
import path from 'node:path';

/** Operations a fault rule can fail. read/write/sync cover sync, async and submitted calls. */
export type FaultOp = 'open' | 'read' | 'write' | 'sync' | 'truncate' | 'rename' | 'unlink' | 'mkdir' | 'readdir' | 'syncDir';

/** Operations the engine counts: every FaultOp plus the calls that never fail on purpose. */
export type CountedOp = FaultOp | 'close' | 'size' | 'exists' | 'submit';

export interface FaultRule {
  op: FaultOp;
  /** Only calls on this path (resolved) or whose resolved path matches; a rename matches on either name. */
  path?: string | RegExp;
  /** Matching calls to let through before failing; default 0. */
  skip?: number;
  /** How many matching calls fail (after the skipped ones); default 1. */
  times?: number;
  /** errno code of the failure; default 'EIO'. */
  code?: string;
  /** Writes only: this many leading bytes reach the file's current content before the error. */
  tornBytes?: number;
}

/** What a fired rule tells the engine to do. */
export interface Fault {
  code: string;
  tornBytes: number;
}

interface ArmedRule {
  op: FaultOp;
  path: string | RegExp | undefined;
  skip: number;
  times: number;
  fault: Fault;
}

export class FaultPlan {
  private rules: ArmedRule[] = [];

  arm(rule: FaultRule): void {
    const skip = rule.skip ?? 0;
    const times = rule.times ?? 1;
    const tornBytes = rule.tornBytes ?? 0;
    for (const [name, value] of [['skip', skip], ['times', times], ['tornBytes', tornBytes]] as const) {
      if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`fault rule: ${name} must be a non-negative integer, got ${value}`);
    }
    if (tornBytes > 0 && rule.op !== 'write') throw new RangeError(`fault rule: tornBytes applies to writes only, not ${rule.op}`);
    const rulePath = typeof rule.path === 'string' ? path.resolve(rule.path) : rule.path;
    this.rules.push({ op: rule.op, path: rulePath, skip, times, fault: { code: rule.code ?? 'EIO', tornBytes } });
  }

  clear(): void {
    this.rules = [];
  }

  /** Rules that still have failures to deliver. */
  get pending(): number {
    return this.rules.length;
  }

  /** Records one call of `op` on `paths` (already resolved); returns the fault to inject, if any. */
  check(op: FaultOp, ...paths: string[]): Fault | undefined {
    let fired: Fault | undefined;
    for (const rule of this.rules) {
      if (rule.op !== op || !paths.some((p) => pathMatches(rule.path, p))) continue;
      if (rule.skip > 0) {
        rule.skip--;
      } else if (fired === undefined) {
        fired = rule.fault;
        rule.times--;
      }
    }
    this.rules = this.rules.filter((rule) => rule.times > 0);
    return fired;
  }
}

/** Counts calls per operation and per path (including calls that failed). */
export class OpCounter {
  private readonly byOp = new Map<CountedOp, Map<string, number>>();
  private readonly totals = new Map<CountedOp, number>();

  record(op: CountedOp, ...paths: string[]): void {
    this.totals.set(op, (this.totals.get(op) ?? 0) + 1);
    let perPath = this.byOp.get(op);
    if (perPath === undefined) {
      perPath = new Map();
      this.byOp.set(op, perPath);
    }
    for (const p of new Set(paths)) perPath.set(p, (perPath.get(p) ?? 0) + 1);
  }

  /** Calls of `op`, all of them or those on a path (a string is resolved; a RegExp sums matching paths). */
  count(op: CountedOp, onPath?: string | RegExp): number {
    if (onPath === undefined) return this.totals.get(op) ?? 0;
    const perPath = this.byOp.get(op);
    if (perPath === undefined) return 0;
    if (typeof onPath === 'string') return perPath.get(path.resolve(onPath)) ?? 0;
    let sum = 0;
    for (const [p, n] of perPath) if (pathMatches(onPath, p)) sum += n;
    return sum;
  }

  reset(): void {
    this.byOp.clear();
    this.totals.clear();
  }
}

function pathMatches(rulePath: string | RegExp | undefined, candidate: string): boolean {
  if (rulePath === undefined) return true;
  if (typeof rulePath === 'string') return rulePath === candidate;
  rulePath.lastIndex = 0;
  return rulePath.test(candidate);
}
