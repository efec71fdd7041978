// Property test: random batches, groups of concurrent batches, reopens, power losses and
// compactions against a plain Map; after every step the log reads exactly like the model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KvBatch, KvLog, type KvLogOptions } from '../../../src/storage/kv/index.js';
import { PATH, newEngine, readBytes, recordingLogger } from './helpers.js';

type Change = readonly [key: Uint8Array, value: Uint8Array | null];
type Step =
  | { kind: 'batch'; changes: Change[] }
  | { kind: 'group'; batches: Change[][] }
  | { kind: 'compact' }
  | { kind: 'reopen' }
  | { kind: 'powerLoss' };

// Few, short keys (so they collide and share prefixes), including bytes above 0x7f.
const keyArb = fc.uint8Array({ minLength: 0, maxLength: 3 }).map((k) => k.map((byte) => [0, 1, 0x61, 0x7f, 0x80, 0xff][byte % 6]));
const valueArb = fc.uint8Array({ minLength: 0, maxLength: 40 });
const changeArb: fc.Arbitrary<Change> = fc.tuple(keyArb, fc.option(valueArb, { freq: 3, nil: null }));
const changesArb = fc.array(changeArb, { minLength: 0, maxLength: 6 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: changesArb.map((changes) => ({ kind: 'batch' as const, changes })) },
  { weight: 3, arbitrary: fc.array(changesArb, { minLength: 1, maxLength: 5 }).map((batches) => ({ kind: 'group' as const, batches })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'compact' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'powerLoss' as const }) },
);

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function toBatch(changes: Change[]): KvBatch {
  const batch = new KvBatch();
  for (const [key, value] of changes) {
    if (value === null) batch.delete(Buffer.from(key));
    else batch.put(Buffer.from(key), Buffer.from(value));
  }
  return batch;
}

function applyToModel(model: Map<string, string>, changes: Change[]): void {
  for (const [key, value] of changes) {
    if (value === null) model.delete(hex(key));
    else model.set(hex(key), hex(value));
  }
}

/** Compares contents, order, prefix scans and statistics; the file size too when given (log idle). */
function expectSameAsModel(log: KvLog, model: Map<string, string>, fileSize?: number): void {
  const scanned = [...log.scanPrefix(Buffer.alloc(0))];
  const modelKeys = [...model.keys()].map((k) => Buffer.from(k, 'hex')).sort(Buffer.compare);
  expect(scanned.map(([k]) => hex(k))).toEqual(modelKeys.map(hex));
  for (const [key, value] of scanned) expect(hex(value)).toBe(model.get(hex(key)));
  for (const prefix of [[], [0x61], [0x80], [0xff, 0xff]]) {
    const want = modelKeys.filter((k) => k.subarray(0, prefix.length).equals(Buffer.from(prefix))).map(hex);
    expect([...log.scanPrefix(Buffer.from(prefix))].map(([k]) => hex(k))).toEqual(want);
  }
  for (const key of modelKeys) expect(hex(log.get(key)!)).toBe(model.get(hex(key)));
  const stats = log.stats();
  expect(stats.liveRecords).toBe(model.size);
  if (fileSize !== undefined) expect(stats.fileSize).toBe(fileSize);
}

/** Renames seen across runs: proof that compactions happened. */
let compactions = 0;

async function runSteps(steps: Step[], options: KvLogOptions): Promise<void> {
  const engine = newEngine();
  const model = new Map<string, string>();
  let log = KvLog.open(engine, PATH, options);
  for (const step of steps) {
    switch (step.kind) {
      case 'batch':
        await log.write(toBatch(step.changes));
        applyToModel(model, step.changes);
        break;
      case 'group':
        await Promise.all(step.batches.map((changes) => log.write(toBatch(changes))));
        for (const changes of step.batches) applyToModel(model, changes);
        break;
      case 'compact':
        await log.compact();
        break;
      case 'reopen':
        await log.close();
        expectSameAsModel(log, model, readBytes(engine, PATH).length);
        log = KvLog.open(engine, PATH, options);
        break;
      case 'powerLoss':
        // Every commit above resolved, so all of it must survive; wait for a background compaction.
        await log.close();
        engine.powerLoss();
        log = KvLog.open(engine, PATH, options);
        break;
    }
    expectSameAsModel(log, model);
  }
  await log.close();
  expectSameAsModel(log, model, readBytes(engine, PATH).length);
  const reopened = KvLog.open(engine, PATH, options);
  expectSameAsModel(reopened, model, readBytes(engine, PATH).length);
  await reopened.close();
  compactions += engine.count('rename', PATH) - 1;
}

describe('KvLog against a Map model', () => {
  it('reads like the model after random batches, reopens, power losses and compactions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { maxLength: 40 }), async (steps) => {
        const logger = recordingLogger();
        await runSteps(steps, { logger, compactMinBytes: 300, compactGarbageRatio: 0.4 });
        expect(logger.warnings).toEqual([]);
        expect(logger.errors).toEqual([]);
      }),
      { numRuns: 150 },
    );
    expect(compactions).toBeGreaterThan(50);
  });

  it('reads like the model with automatic compaction off', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { maxLength: 30 }), async (steps) => {
        await runSteps(steps, { logger: recordingLogger(), autoCompact: false });
      }),
      { numRuns: 50 },
    );
  });
});
