// Property tests of the I/O engines. (1) Random writes, syncs, truncates, torn writes, failed
// syncs and power losses on the fault-injecting engine give exactly the contents of a plain
// model with "current" and "durable" bytes. (2) Random file and namespace operations give the
// same results and errno codes on node:fs (a real temporary directory) and the in-memory engine.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaultInjectingEngine, IoError, NodeFsEngine, type FileHandle, type IoEngine } from '../../src/io/index.js';
import { outcome } from './engine-fixtures.js';

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

type DiffOp =
  | { kind: 'open'; name: string; mode: 'read' | 'readwrite' | 'create' }
  | { kind: 'close' | 'size' | 'sync'; slot: number }
  | { kind: 'write'; slot: number; position: number; bytes: Uint8Array }
  | { kind: 'read'; slot: number; position: number; length: number }
  | { kind: 'truncate'; slot: number; length: number }
  | { kind: 'mkdir'; name: string; recursive: boolean }
  | { kind: 'readdir' | 'unlink' | 'exists' | 'syncDir'; name: string }
  | { kind: 'rename'; from: string; to: string };

const diffOp: fc.Arbitrary<DiffOp> = fc.oneof(
  fc.record({ kind: fc.constant('open' as const), name, mode: fc.constantFrom('read' as const, 'readwrite' as const, 'create' as const) }),
  fc.record({ kind: fc.constantFrom('close' as const, 'size' as const, 'sync' as const), slot: fc.nat() }),
  fc.record({ kind: fc.constant('write' as const), slot: fc.nat(), position: fc.nat(20), bytes: fc.uint8Array({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('read' as const), slot: fc.nat(), position: fc.nat(24), length: fc.nat(12) }),
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
function apply(side: Side, op: DiffOp): unknown {
  const { engine, handles } = side;
  const at = (n: string): string => path.join(side.root, n);
  const slot = (n: number): FileHandle | undefined => handles[n % Math.max(1, handles.length)];
  switch (op.kind) {
    case 'open':
      return outcome(() => void handles.push(engine.open(at(op.name), op.mode)));
    case 'close':
    case 'size':
    case 'sync': {
      const file = slot(op.slot);
      if (file === undefined) return 'no handle';
      if (op.kind === 'close') return outcome(() => engine.close(file));
      return op.kind === 'size' ? outcome(() => engine.size(file)) : outcome(() => engine.syncSync(file));
    }
    case 'write': {
      const file = slot(op.slot);
      return file === undefined ? 'no handle' : outcome(() => engine.writeSync(file, Buffer.from(op.bytes), op.position));
    }
    case 'read': {
      const file = slot(op.slot);
      if (file === undefined) return 'no handle';
      const buffer = Buffer.alloc(op.length);
      return outcome(() => [engine.readSync(file, buffer, op.position), buffer.toString('hex')]);
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

describe('NodeFsEngine and FaultInjectingEngine agree', () => {
  it('on results and errno codes of random operation sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(diffOp, { maxLength: 30 }), async (ops) => {
        const root = await mkdtemp(path.join(os.tmpdir(), 'treeline-io-diff-'));
        const real: Side = { engine: new NodeFsEngine(), root, handles: [] };
        const memory: Side = { engine: new FaultInjectingEngine({ durableDirs: ['/diff'] }), root: '/diff', handles: [] };
        try {
          for (const op of ops) expect(apply(memory, op), JSON.stringify(op)).toEqual(apply(real, op));
        } finally {
          for (const side of [real, memory]) {
            for (const file of side.handles) outcome(() => side.engine.close(file));
            await side.engine.shutdown();
          }
          await rm(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 300 },
    );
  });
});
