// Property tests of the I/O engines. (1) Random writes, syncs, truncates, torn writes, failed
// syncs and power losses on the fault-injecting engine give exactly the contents of a plain
// model with "current" and "durable" bytes. (2) Random file and namespace operations, reads,
// writes and syncs both synchronous and asynchronous, and batches, give the same results and
// errno codes on each real engine (node:fs, io_uring; a real temporary directory) and the
// in-memory engine.
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaultInjectingEngine, IoError, type FileHandle, type IoEngine, type IoOp } from '../../src/io/index.js';
import { engineFactories, faultInjectingFactory, outcome, settled } from './engine-fixtures.js';

type DurabilityOp =
  | { kind: 'write'; position: number; bytes: Uint8Array; viaAsync: boolean }
  | { kind: 'tornWrite'; position: number; bytes: Uint8Array; torn: number }
  | { kind: 'sync'; dataOnly: boolean; viaSubmit: boolean }
  | { kind: 'failedSync' }
  | { kind: 'truncate'; length: number }
  | { kind: 'powerLoss' };

const durabilityOp: fc.Arbitrary<DurabilityOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('write' as const), position: fc.nat(64), bytes: fc.uint8Array({ minLength: 0, maxLength: 16 }), viaAsync: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tornWrite' as const), position: fc.nat(64), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }), torn: fc.nat(16) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sync' as const), dataOnly: fc.boolean(), viaSubmit: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('failedSync' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), length: fc.nat(80) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('powerLoss' as const) }) },
);

/** Writes `bytes` at `position` into a model file, extending it with zeros. */
function modelWrite(model: number[], position: number, bytes: Uint8Array): void {
  if (bytes.length === 0) return;
  while (model.length < position) model.push(0);
  bytes.forEach((byte, i) => (model[position + i] = byte));
}

function contentOf(engine: IoEngine, file: FileHandle): number[] {
  const buffer = Buffer.alloc(engine.size(file));
  expect(engine.readSync(file, buffer, 0)).toBe(buffer.length);
  return [...buffer];
}

describe('FaultInjectingEngine against a model of durable and current bytes', () => {
  it('gives the model contents after every operation and after a final power loss', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(durabilityOp, { maxLength: 40 }), async (ops) => {
        const engine = new FaultInjectingEngine({ durableDirs: ['/db'] });
        const filePath = '/db/file';
        let file = engine.open(filePath, 'create');
        engine.syncDir('/db');
        let current: number[] = [];
        let durable: number[] = [];
        for (const op of ops) {
          switch (op.kind) {
            case 'write':
              if (op.viaAsync) await engine.write(file, Buffer.from(op.bytes), op.position);
              else engine.writeSync(file, Buffer.from(op.bytes), op.position);
              modelWrite(current, op.position, op.bytes);
              break;
            case 'tornWrite':
              engine.failNext({ op: 'write', tornBytes: op.torn });
              expect(() => engine.writeSync(file, Buffer.from(op.bytes), op.position)).toThrow(IoError);
              modelWrite(current, op.position, op.bytes.subarray(0, op.torn));
              break;
            case 'sync':
              if (op.viaSubmit) await engine.submit([{ op: 'sync', file, dataOnly: op.dataOnly }]);
              else engine.syncSync(file, op.dataOnly);
              durable = [...current];
              break;
            case 'failedSync':
              engine.failNext({ op: 'sync' });
              await expect(engine.sync(file)).rejects.toThrow(IoError);
              break;
            case 'truncate':
              engine.truncateSync(file, op.length);
              current = current.slice(0, op.length);
              while (current.length < op.length) current.push(0);
              break;
            case 'powerLoss':
              engine.powerLoss();
              file = engine.open(filePath, 'readwrite');
              current = [...durable];
              break;
          }
          expect(engine.size(file)).toBe(current.length);
          expect(contentOf(engine, file)).toEqual(current);
        }
        engine.powerLoss();
        file = engine.open(filePath, 'read');
        expect(contentOf(engine, file)).toEqual(durable);
        engine.close(file);
      }),
      { numRuns: 200 },
    );
  });
});

// ---- differential: node:fs versus the in-memory engine -----------------------------------------

const NAMES = ['a', 'b', 'd', 'd/a', 'd/e', 'd/e/f', 'a/x', 'd/e/f/g', 'b/d', '.', 'd/..'];
const name = fc.constantFrom(...NAMES);

/** Whether a read, write or sync is synchronous or asynchronous. */
type Via = 'sync' | 'async';
type BatchStep =
  | { op: 'write'; slot: number; position: number; bytes: Uint8Array }
  | { op: 'read'; slot: number; position: number; length: number }
  | { op: 'sync'; slot: number; dataOnly: boolean };

type DiffOp =
  | { kind: 'open'; name: string; mode: 'read' | 'readwrite' | 'create' }
  | { kind: 'close' | 'size'; slot: number }
  | { kind: 'sync'; slot: number; via: Via }
  | { kind: 'write'; slot: number; position: number; bytes: Uint8Array; via: Via }
  | { kind: 'read'; slot: number; position: number; length: number; via: Via }
  | { kind: 'batch'; steps: BatchStep[] }
  | { kind: 'truncate'; slot: number; length: number }
  | { kind: 'mkdir'; name: string; recursive: boolean }
  | { kind: 'readdir' | 'unlink' | 'exists' | 'syncDir'; name: string }
  | { kind: 'rename'; from: string; to: string };

const via = fc.constantFrom('sync' as const, 'async' as const);
const batchStep: fc.Arbitrary<BatchStep> = fc.oneof(
  fc.record({ op: fc.constant('write' as const), slot: fc.nat(), position: fc.nat(20), bytes: fc.uint8Array({ maxLength: 8 }) }),
  fc.record({ op: fc.constant('read' as const), slot: fc.nat(), position: fc.nat(24), length: fc.nat(12) }),
  fc.record({ op: fc.constant('sync' as const), slot: fc.nat(), dataOnly: fc.boolean() }),
);

const diffOp: fc.Arbitrary<DiffOp> = fc.oneof(
  fc.record({ kind: fc.constant('open' as const), name, mode: fc.constantFrom('read' as const, 'readwrite' as const, 'create' as const) }),
  fc.record({ kind: fc.constantFrom('close' as const, 'size' as const), slot: fc.nat() }),
  fc.record({ kind: fc.constant('sync' as const), slot: fc.nat(), via }),
  fc.record({ kind: fc.constant('write' as const), slot: fc.nat(), position: fc.nat(20), bytes: fc.uint8Array({ maxLength: 8 }), via }),
  fc.record({ kind: fc.constant('read' as const), slot: fc.nat(), position: fc.nat(24), length: fc.nat(12), via }),
  fc.record({ kind: fc.constant('batch' as const), steps: fc.array(batchStep, { maxLength: 12 }) }),
  fc.record({ kind: fc.constant('truncate' as const), slot: fc.nat(), length: fc.nat(24) }),
  fc.record({ kind: fc.constant('mkdir' as const), name, recursive: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('readdir' as const, 'unlink' as const, 'exists' as const, 'syncDir' as const), name }),
  fc.record({ kind: fc.constant('rename' as const), from: name, to: name }),
);

interface Side {
  engine: IoEngine;
  root: string;
  handles: FileHandle[];
}

/** Runs one operation on one engine; returns a comparable outcome (value or errno code). */
async function apply(side: Side, op: DiffOp): Promise<unknown> {
  const { engine, handles } = side;
  const at = (n: string): string => path.join(side.root, n);
  const slot = (n: number): FileHandle | undefined => handles[n % Math.max(1, handles.length)];
  switch (op.kind) {
    case 'open':
      return outcome(() => void handles.push(engine.open(at(op.name), op.mode)));
    case 'close':
    case 'size': {
      const file = slot(op.slot);
      if (file === undefined) return 'no handle';
      return op.kind === 'close' ? outcome(() => engine.close(file)) : outcome(() => engine.size(file));
    }
    case 'sync': {
      const file = slot(op.slot);
      if (file === undefined) return 'no handle';
      return op.via === 'sync' ? outcome(() => engine.syncSync(file)) : settled(engine.sync(file));
    }
    case 'write': {
      const file = slot(op.slot);
      if (file === undefined) return 'no handle';
      const buffer = Buffer.from(op.bytes);
      return op.via === 'sync' ? outcome(() => engine.writeSync(file, buffer, op.position)) : settled(engine.write(file, buffer, op.position));
    }
    case 'read': {
      const file = slot(op.slot);
      if (file === undefined) return 'no handle';
      const buffer = Buffer.alloc(op.length);
      const count = op.via === 'sync' ? outcome(() => engine.readSync(file, buffer, op.position)) : await settled(engine.read(file, buffer, op.position));
      return [count, buffer.toString('hex')];
    }
    case 'batch': {
      if (handles.length === 0) return 'no handle';
      const ops: IoOp[] = op.steps.map((step) => {
        const file = slot(step.slot) as FileHandle;
        if (step.op === 'sync') return { op: 'sync', file, dataOnly: step.dataOnly };
        const buffer = step.op === 'write' ? Buffer.from(step.bytes) : Buffer.alloc(step.length);
        return { op: step.op, file, buffer, position: step.position };
      });
      const result = await settled(engine.submit(ops));
      return [result, ops.map((o) => (o.op === 'read' ? o.buffer.toString('hex') : ''))];
    }
    case 'truncate': {
      const file = slot(op.slot);
      return file === undefined ? 'no handle' : outcome(() => engine.truncateSync(file, op.length));
    }
    case 'mkdir':
      return outcome(() => engine.mkdir(at(op.name), op.recursive));
    case 'readdir':
      return outcome(() => engine.readdir(at(op.name)));
    case 'unlink':
      return outcome(() => engine.unlink(at(op.name)));
    case 'exists':
      return engine.exists(at(op.name));
    case 'syncDir':
      return outcome(() => engine.syncDir(at(op.name)));
    case 'rename':
      return outcome(() => engine.rename(at(op.from), at(op.to)));
  }
}

const realEngines = engineFactories.filter((factory) => factory !== faultInjectingFactory);

describe.each(realEngines)('$name and FaultInjectingEngine agree', (factory) => {
  it('on results and errno codes of random operation sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(diffOp, { maxLength: 30 }), async (ops) => {
        const fixture = await factory.make();
        const real: Side = { engine: fixture.engine, root: fixture.root, handles: [] };
        const memory: Side = { engine: new FaultInjectingEngine({ durableDirs: ['/diff'] }), root: '/diff', handles: [] };
        try {
          for (const op of ops) expect(await apply(memory, op), JSON.stringify(op)).toEqual(await apply(real, op));
        } finally {
          for (const side of [real, memory]) {
            for (const file of side.handles) outcome(() => side.engine.close(file));
            await side.engine.shutdown();
          }
          await fixture.cleanup();
        }
      }),
      { numRuns: 300 },
    );
  });
});
