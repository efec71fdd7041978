// Power loss before every state-changing I/O call of a workload (creation, appends, group
// commits, automatic and explicit compactions): the reopened log holds every batch whose
// commit resolved and a prefix of the others, each whole. And failed writes and fsyncs:
// the commit rejects, the log refuses later writes, and a reopen recovers what is on disk.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KvBatch, KvLog, type KvLogOptions } from '../../../src/storage/kv/index.js';
import { CrashingEngine, PATH, b, dump, newEngine, recordingLogger } from './helpers.js';

type Change = readonly [key: string, value: string | null];
type Step = { kind: 'write'; batches: Change[][] } | { kind: 'compact' };

const OPTIONS: KvLogOptions = { compactMinBytes: 250, compactGarbageRatio: 0.4 };

function toBatch(changes: Change[]): KvBatch {
  const batch = new KvBatch();
  for (const [key, value] of changes) {
    if (value === null) batch.delete(b(key));
    else batch.put(b(key), b(value));
  }
  return batch;
}

/** The state after each prefix of `batches`: states[j] holds the first j applied. */
function prefixStates(batches: Change[][]): Array<Map<string, string>> {
  const states = [new Map<string, string>()];
  for (const changes of batches) {
    const next = new Map(states.at(-1));
    for (const [key, value] of changes) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    states.push(next);
  }
  return states;
}

/** Runs the workload until it ends (or the machine dies); reports which batches resolved. */
async function runWorkload(engine: CrashingEngine, steps: Step[]): Promise<{ issued: Change[][]; resolved: boolean[] }> {
  const issued: Change[][] = [];
  const resolved: boolean[] = [];
  let log: KvLog;
  try {
    log = KvLog.open(engine, PATH, { ...OPTIONS, logger: recordingLogger() });
  } catch {
    return { issued, resolved };
  }
  for (const step of steps) {
    if (step.kind === 'compact') {
      await log.compact().catch(() => undefined);
      continue;
    }
    const commits = step.batches.map((changes) => {
      const at = issued.push(changes) - 1;
      resolved.push(false);
      return log.write(toBatch(changes)).then(() => {
        resolved[at] = true;
      });
    });
    await Promise.allSettled(commits);
  }
  await log.close().catch(() => undefined);
  return { issued, resolved };
}

/** Reopens after the crash and checks durability and atomicity; then that the log works on. */
async function checkRecovered(engine: CrashingEngine, issued: Change[][], resolved: boolean[]): Promise<void> {
  const committed = resolved.lastIndexOf(true) + 1;
  expect(resolved.slice(0, committed).every(Boolean), 'commits resolve in order').toBe(true);
  const logger = recordingLogger();
  const log = KvLog.open(engine.inner, PATH, { ...OPTIONS, logger });
  const state = dump(log);
  const states = prefixStates(issued);
  const matches = states.findIndex((s, j) => j >= committed && s.size === state.size && [...s].every(([k, v]) => state.get(k) === v));
  expect(matches, `crash at call ${engine.count}: state is not committed + a prefix of the rest`).toBeGreaterThanOrEqual(committed);
  expect(engine.inner.exists(`${PATH}.compact`)).toBe(false);
  await log.put(b('after-crash'), b('yes'));
  await log.close();
  engine.inner.powerLoss();
  const again = KvLog.open(engine.inner, PATH, { ...OPTIONS, logger });
  expect(again.get(b('after-crash'))?.toString()).toBe('yes');
  await again.close();
}

/** Runs the workload once per crash point: before call 1, 2, ... of the undisturbed run. */
async function crashEverywhere(steps: Step[]): Promise<number> {
  const dry = new CrashingEngine(newEngine(), Number.POSITIVE_INFINITY);
  await runWorkload(dry, steps);
  const calls = dry.count;
  for (let crashAt = 1; crashAt <= calls + 1; crashAt++) {
    const engine = new CrashingEngine(newEngine(), crashAt);
    const { issued, resolved } = await runWorkload(engine, steps);
    if (crashAt <= calls) expect(engine.crashed).toBe(true);
    await checkRecovered(engine, issued, resolved);
  }
  return calls;
}

const key = (i: number) => `key-${i % 6}`;

describe('KvLog under power loss', () => {
  it('keeps every resolved commit and no partial batch, whatever call the power fails before', async () => {
    const steps: Step[] = [];
    for (let i = 0; i < 30; i++) {
      if (i % 10 === 9) steps.push({ kind: 'compact' });
      else if (i % 4 === 3) steps.push({ kind: 'write', batches: [[[key(i), `g${i}a`]], [[key(i + 1), `g${i}b`], [key(i + 2), null]], [[key(i + 3), `g${i}c`]]] });
      else steps.push({ kind: 'write', batches: [[[key(i), `value ${i} ${'v'.repeat(i)}`], [key(i * 5), null], [key(i + 1), `${i}`]]] });
    }
    const calls = await crashEverywhere(steps);
    // The workload really did create, append, group-commit and compact (explicitly and on its own).
    const engine = new CrashingEngine(newEngine(), Number.POSITIVE_INFINITY);
    await runWorkload(engine, steps);
    expect(engine.inner.count('rename')).toBeGreaterThan(5);
    expect(calls).toBeGreaterThan(100);
  });

  it('holds for random workloads and random crash points', async () => {
    const changeArb = fc.tuple(fc.integer({ min: 0, max: 7 }).map(key), fc.option(fc.string({ maxLength: 30 }), { freq: 3 }));
    const stepArb: fc.Arbitrary<Step> = fc.oneof(
      { weight: 6, arbitrary: fc.array(fc.array(changeArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }).map((batches) => ({ kind: 'write' as const, batches })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'compact' as const }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 400 }), async (steps, crashAt) => {
        const engine = new CrashingEngine(newEngine(), crashAt);
        const { issued, resolved } = await runWorkload(engine, steps);
        await checkRecovered(engine, issued, resolved);
      }),
      { numRuns: 200 },
    );
  });
});

describe('KvLog after a failed write or fsync', () => {
  it('rejects the commit, hides the batch, and refuses every later write', async () => {
    const engine = newEngine();
    const log = KvLog.open(engine, PATH, { logger: recordingLogger() });
    await log.put(b('a'), b('1'));
    await new Promise((resolve) => setTimeout(resolve, 0)); // the log is idle: b flushes alone
    engine.failNext({ op: 'sync', path: PATH });
    const failed = log.put(b('b'), b('2'));
    const queued = log.put(b('c'), b('3')); // queued behind b's flush, never written
    await expect(failed).rejects.toMatchObject({ code: '58030', message: expect.stringContaining(PATH) });
    await expect(queued).rejects.toMatchObject({ code: '58030', message: expect.stringMatching(/refuses writes/) });
    expect(log.failedWith?.code).toBe('58030');
    expect(log.get(b('b'))).toBeUndefined();
    await expect(log.put(b('d'), b('4'))).rejects.toMatchObject({ code: '58030' });
    await expect(log.compact()).rejects.toMatchObject({ code: '58030' });
    expect(dump(log)).toEqual(new Map([['a', '1']]));
    await log.close();

    // Without a power loss the written bytes may be read back: the batch's fate was unknown.
    const reopened = KvLog.open(engine, PATH, { logger: recordingLogger() });
    expect(dump(reopened)).toEqual(new Map([['a', '1'], ['b', '2']]));
    await reopened.close();
    // After one, what was never synced is gone; the acknowledged commit is not.
    engine.powerLoss();
    expect(dump(KvLog.open(engine, PATH, { logger: recordingLogger() }))).toEqual(new Map([['a', '1']]));
  });

  it('cuts the torn bytes of a failed write at the next open', async () => {
    const engine = newEngine();
    const log = KvLog.open(engine, PATH, { logger: recordingLogger() });
    await log.put(b('a'), b('1'));
    const size = log.stats().fileSize;
    engine.failNext({ op: 'write', path: PATH, tornBytes: 20, code: 'ENOSPC' });
    await expect(log.put(b('b'), b('a longer value that is torn'))).rejects.toMatchObject({ code: '58030', message: expect.stringMatching(/ENOSPC/) });
    await log.close();
    const logger = recordingLogger();
    const reopened = KvLog.open(engine, PATH, { logger });
    expect(dump(reopened)).toEqual(new Map([['a', '1']]));
    expect(logger.warnings).toEqual([expect.stringContaining(`at offset ${size}; truncating 20 bytes`)]);
    await reopened.put(b('c'), b('3'));
    await reopened.close();
    engine.powerLoss();
    expect(dump(KvLog.open(engine, PATH, { logger }))).toEqual(new Map([['a', '1'], ['c', '3']]));
  });

  it('reports a failed background compaction through the logger and keeps working', async () => {
    const engine = newEngine();
    const logger = recordingLogger();
    const log = KvLog.open(engine, PATH, { logger, compactMinBytes: 100, compactGarbageRatio: 0.3 });
    engine.failNext({ op: 'rename', code: 'EACCES' });
    for (let i = 0; i < 20; i++) await log.put(b('k'), b(`v${i}`));
    await log.close();
    expect(logger.errors).toEqual([expect.stringMatching(/background compaction failed/)]);
    expect(KvLog.open(engine, PATH, { logger }).get(b('k'))?.toString()).toBe('v19');
  });
});
