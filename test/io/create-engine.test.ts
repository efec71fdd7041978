// The engine choice of `--io`: 'sync' is node:fs; 'uring' is io_uring or a clear IoError;
// 'auto' is io_uring where it can be set up and node:fs otherwise, and it says which and why.
// The fallback is tested by loading the I/O layer with an addon that is "not built".
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IoError, NodeFsEngine, UringEngine, createIoEngine, type IoEngine } from '../../src/io/index.js';
import { ioError, uringSkipReason } from './engine-fixtures.js';

/** Writes, syncs and reads back one file through the engine's asynchronous calls. */
async function roundTrip(engine: IoEngine): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'treeline-io-choice-'));
  try {
    const file = engine.open(path.join(root, 'f'), 'create');
    const buffer = Buffer.alloc(5);
    await engine.submit([
      { op: 'write', file, buffer: Buffer.from('works'), position: 0 },
      { op: 'sync', file, dataOnly: true },
      { op: 'read', file, buffer, position: 0 },
    ]);
    engine.close(file);
    await engine.shutdown();
    return buffer.toString();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

describe('createIoEngine', () => {
  afterEach(() => {
    vi.doUnmock('../../src/io/native-binding.js');
    vi.resetModules();
  });

  it("'sync' is node:fs; unknown kinds and bad ring sizes are refused", async () => {
    const reports: string[] = [];
    const engine = createIoEngine('sync', { report: (m) => reports.push(m) });
    expect(engine).toBeInstanceOf(NodeFsEngine);
    expect(reports).toEqual(['I/O engine: node:fs (--io sync)']);
    expect(await roundTrip(engine)).toBe('works');
    ioError(() => createIoEngine('bogus' as 'sync'), 'EINVAL');
    expect(() => createIoEngine('bogus' as 'sync')).toThrow(/unknown I\/O engine kind/);
    ioError(() => createIoEngine('auto', { ringEntries: 0 }), 'EINVAL');
  });

  it("'auto' returns a working engine either way", async () => {
    const reports: string[] = [];
    const engine = createIoEngine('auto', { report: (m) => reports.push(m) });
    expect(engine.name).toBe(uringSkipReason === null ? 'io_uring' : 'node-fs');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(uringSkipReason === null ? /^I\/O engine: io_uring \(--io auto, 256 entries\)$/ : /io_uring is not available/);
    expect(await roundTrip(engine)).toBe('works');
  });

  it.skipIf(uringSkipReason !== null)("'uring' gives the io_uring engine with the ring size asked for", async () => {
    const engine = createIoEngine('uring', { ringEntries: 16 });
    expect(engine).toBeInstanceOf(UringEngine);
    expect((engine as UringEngine).capacity).toBe(16);
    expect(await roundTrip(engine)).toBe('works');
  });

  it("without the addon, 'auto' falls back to node:fs and says why, and 'uring' is a clear IoError", async () => {
    vi.resetModules();
    vi.doMock('../../src/io/native-binding.js', async (importOriginal) => {
      const original = await importOriginal<typeof import('../../src/io/native-binding.js')>();
      const missing = { available: false as const, reason: 'the native addon was not built (test)' };
      return {
        ...original,
        uringSupport: () => missing,
        openRing: () => {
          throw new IoError('create I/O engine', '', 'ENOSYS', `the io_uring I/O engine is not available: ${missing.reason}`);
        },
      };
    });
    const io = await import('../../src/io/index.js');
    const reports: string[] = [];
    const engine = io.createIoEngine('auto', { report: (m) => reports.push(m) });
    expect(engine).toBeInstanceOf(io.NodeFsEngine);
    expect(reports).toEqual(['I/O engine: node:fs (--io auto: io_uring is not available: the native addon was not built (test))']);
    expect(await roundTrip(engine)).toBe('works');
    const error = ioError(() => io.createIoEngine('uring'), 'ENOSYS');
    expect(error.message).toBe('the io_uring I/O engine is not available: the native addon was not built (test)');
  });
});
