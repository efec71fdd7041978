// Fixtures shared by the I/O tests: one factory per engine (node:fs and io_uring in a fresh
// temporary directory, removed afterwards; the fault-injecting engine with a durable root
// directory) and helpers to catch an IoError and look at its fields. The io_uring factory is
// listed only where io_uring can be set up (`uringSkipReason` says why not).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { FaultInjectingEngine, IoError, NodeFsEngine, UringEngine, uringSupport, type IoEngine } from '../../src/io/index.js';

export interface EngineFixture {
  engine: IoEngine;
  /** An existing, empty directory to work in. */
  root: string;
  cleanup(): Promise<void>;
}

export interface EngineFactory {
  name: string;
  make(): Promise<EngineFixture>;
}

export const nodeFsFactory: EngineFactory = {
  name: 'NodeFsEngine',
  async make() {
    const root = await mkdtemp(path.join(os.tmpdir(), 'treeline-io-'));
    return { engine: new NodeFsEngine(), root, cleanup: () => rm(root, { recursive: true, force: true }) };
  },
};

export const faultInjectingFactory: EngineFactory = {
  name: 'FaultInjectingEngine',
  async make() {
    const root = '/treeline-io-test/data';
    return { engine: new FaultInjectingEngine({ durableDirs: [root] }), root, cleanup: async () => {} };
  },
};

/** io_uring with a small ring (8 entries), so that the contract tests also cross ring-full queueing. */
export const uringFactory: EngineFactory = {
  name: 'UringEngine',
  async make() {
    const root = await mkdtemp(path.join(os.tmpdir(), 'treeline-io-uring-'));
    return { engine: new UringEngine({ ringEntries: 8 }), root, cleanup: () => rm(root, { recursive: true, force: true }) };
  },
};

const support = uringSupport();
/** Why the io_uring tests are skipped on this machine, or null when they run. */
export const uringSkipReason: string | null = support.available ? null : support.reason;

export const engineFactories: EngineFactory[] = [nodeFsFactory, faultInjectingFactory, ...(support.available ? [uringFactory] : [])];

/** Runs `fn`, expecting an IoError with `code`; returns it for more checks. */
export function ioError(fn: () => unknown, code: string): IoError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(IoError);
  expect((caught as IoError).code).toBe(code);
  return caught as IoError;
}

/** Awaits `promise`, expecting it to reject with an IoError with `code`; returns it. */
export async function ioRejection(promise: Promise<unknown>, code: string): Promise<IoError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(IoError);
  expect((caught as IoError).code).toBe(code);
  return caught as IoError;
}

/** Error code of a call, or 'ok'; used to compare engines outcome by outcome. */
export function outcome<T>(fn: () => T): { ok: T } | { code: string } {
  try {
    return { ok: fn() };
  } catch (error) {
    if (error instanceof IoError) return { code: error.code };
    throw error;
  }
}

/** Outcome of an asynchronous call: its value, or its IoError's code. */
export async function settled<T>(promise: Promise<T>): Promise<{ ok: T } | { code: string }> {
  try {
    return { ok: await promise };
  } catch (error) {
    if (error instanceof IoError) return { code: error.code };
    throw error;
  }
}

/** Writes a whole file through the engine (create, write, close). */
export function putFile(engine: IoEngine, filePath: string, text: string, sync = false): void {
  const file = engine.open(filePath, 'create');
  engine.truncateSync(file, 0);
  engine.writeSync(file, Buffer.from(text), 0);
  if (sync) engine.syncSync(file);
  engine.close(file);
}

/** Reads a whole file through the engine as text. */
export function getFile(engine: IoEngine, filePath: string): string {
  const file = engine.open(filePath, 'read');
  try {
    const buffer = Buffer.alloc(engine.size(file));
    expect(engine.readSync(file, buffer, 0)).toBe(buffer.length);
    return buffer.toString();
  } finally {
    engine.close(file);
  }
}
