// Fault injection and counters of the fault-injecting engine: chosen failures (by operation,
// path, skip, times, errno), torn writes, failures inside submitted batches, and the call
// counters tests use to assert how often a file was written or synced.
import { beforeEach, describe, expect, it } from 'vitest';
import { FaultInjectingEngine, type FileHandle } from '../../src/io/index.js';
import { getFile, ioError, ioRejection, putFile } from './engine-fixtures.js';

const DIR = '/db';
const WAL = '/db/wal/000001.log';

describe('FaultInjectingEngine fault rules', () => {
  let engine: FaultInjectingEngine;
  let wal: FileHandle;

  beforeEach(() => {
    engine = new FaultInjectingEngine({ durableDirs: [DIR] });
    engine.mkdir('/db/wal');
    wal = engine.open(WAL, 'create');
  });

  it('fails the next write once with EIO and leaves the file unchanged', () => {
    engine.failNext({ op: 'write' });
    const error = ioError(() => engine.writeSync(wal, Buffer.from('lost'), 0), 'EIO');
    expect(error.operation).toBe('write');
    expect(error.path).toBe(WAL);
    expect(error.message).toContain('injected');
    expect(engine.size(wal)).toBe(0);
    engine.writeSync(wal, Buffer.from('ok'), 0);
    expect(engine.size(wal)).toBe(2);
    expect(engine.pendingFaults).toBe(0);
  });

  it('matches paths by string (normalised) or RegExp', () => {
    const other = engine.open('/db/other', 'create');
    engine.failNext({ op: 'sync', path: '/db/wal/../wal/000001.log', code: 'ENOSPC' });
    engine.syncSync(other);
    ioError(() => engine.syncSync(wal), 'ENOSPC');
    engine.failNext({ op: 'write', path: /\.log$/ });
    engine.writeSync(other, Buffer.from('x'), 0);
    ioError(() => engine.writeSync(wal, Buffer.from('x'), 0), 'EIO');
    engine.close(other);
  });

  it('skip lets matching calls through first; times fails several in a row', () => {
    engine.failNext({ op: 'write', skip: 2, times: 2 });
    engine.writeSync(wal, Buffer.from('a'), 0);
    engine.writeSync(wal, Buffer.from('b'), 1);
    ioError(() => engine.writeSync(wal, Buffer.from('c'), 2), 'EIO');
    ioError(() => engine.writeSync(wal, Buffer.from('c'), 2), 'EIO');
    engine.writeSync(wal, Buffer.from('c'), 2);
    expect(getText(engine, wal)).toBe('abc');
  });

  it('each armed rule counts its own skips, and one call fires at most one rule', () => {
    engine.failNext({ op: 'sync', code: 'EIO' });
    engine.failNext({ op: 'sync', code: 'ENOSPC' });
    ioError(() => engine.syncSync(wal), 'EIO');
    ioError(() => engine.syncSync(wal), 'ENOSPC');
    engine.syncSync(wal);
    engine.failNext({ op: 'sync', skip: 1, code: 'EROFS' });
    engine.failNext({ op: 'sync', code: 'EIO' });
    ioError(() => engine.syncSync(wal), 'EIO');
    ioError(() => engine.syncSync(wal), 'EROFS');
  });

  it('a torn write puts only its first bytes into the file before failing', () => {
    engine.writeSync(wal, Buffer.from('..........'), 0);
    engine.failNext({ op: 'write', tornBytes: 4 });
    ioError(() => engine.writeSync(wal, Buffer.from('ABCDEFGH'), 2), 'EIO');
    expect(getText(engine, wal)).toBe('..ABCD....');
    engine.failNext({ op: 'write', tornBytes: 100 });
    ioError(() => engine.writeSync(wal, Buffer.from('xyz'), 9), 'EIO');
    expect(getText(engine, wal)).toBe('..ABCD...xyz');
  });

  it('rejects malformed rules', () => {
    expect(() => engine.failNext({ op: 'sync', tornBytes: 3 })).toThrow(RangeError);
    expect(() => engine.failNext({ op: 'write', times: -1 })).toThrow(RangeError);
    expect(() => engine.failNext({ op: 'write', skip: 0.5 })).toThrow(RangeError);
  });

  it('asynchronous and submitted operations fail the same way', async () => {
    engine.failNext({ op: 'read' });
    await ioRejection(engine.read(wal, Buffer.alloc(1), 0), 'EIO');
    engine.failNext({ op: 'write', tornBytes: 1 });
    await ioRejection(engine.write(wal, Buffer.from('ab'), 0), 'EIO');
    expect(getText(engine, wal)).toBe('a');
    engine.failNext({ op: 'sync', skip: 1 });
    await engine.sync(wal);
    await ioRejection(engine.sync(wal, true), 'EIO');
  });

  it('a batch stops at an injected failure: earlier ops ran, later ones did not', async () => {
    engine.failNext({ op: 'sync' });
    await ioRejection(
      engine.submit([
        { op: 'write', file: wal, buffer: Buffer.from('rec1'), position: 0 },
        { op: 'sync', file: wal, dataOnly: true },
        { op: 'write', file: wal, buffer: Buffer.from('rec2'), position: 4 },
      ]),
      'EIO',
    );
    expect(getText(engine, wal)).toBe('rec1');
    expect(engine.count('write', WAL)).toBe(1);
    engine.close(wal);
    engine.syncDir('/db/wal');
    engine.syncDir(DIR);
    engine.powerLoss();
    expect(getFile(engine, WAL)).toBe(''); // the failed sync made nothing durable
  });

  it('fails namespace operations: open, rename, unlink, mkdir, readdir, syncDir, truncate', () => {
    putFile(engine, '/db/a', 'a');
    engine.failNext({ op: 'open', path: '/db/a', code: 'EACCES' });
    ioError(() => engine.open('/db/a', 'read'), 'EACCES');
    engine.failNext({ op: 'open', code: 'EMFILE' });
    ioError(() => engine.open('/db/new', 'create'), 'EMFILE');
    expect(engine.exists('/db/new')).toBe(false);

    engine.failNext({ op: 'rename', path: '/db/b' }); // matches the target name too
    const renameError = ioError(() => engine.rename('/db/a', '/db/b'), 'EIO');
    expect(renameError.message).toContain('/db/b');
    expect(engine.exists('/db/a')).toBe(true);

    engine.failNext({ op: 'unlink' });
    ioError(() => engine.unlink('/db/a'), 'EIO');
    expect(engine.exists('/db/a')).toBe(true);

    engine.failNext({ op: 'mkdir', code: 'ENOSPC' });
    ioError(() => engine.mkdir('/db/sub'), 'ENOSPC');
    expect(engine.exists('/db/sub')).toBe(false);

    engine.failNext({ op: 'readdir' });
    ioError(() => engine.readdir(DIR), 'EIO');

    engine.failNext({ op: 'syncDir', path: DIR });
    ioError(() => engine.syncDir(DIR), 'EIO');

    engine.writeSync(wal, Buffer.from('abc'), 0);
    engine.failNext({ op: 'truncate' });
    ioError(() => engine.truncateSync(wal, 0), 'EIO');
    expect(engine.size(wal)).toBe(3);
  });

  it('clearFaults disarms every rule', () => {
    engine.failNext({ op: 'write', times: 5 });
    engine.failNext({ op: 'sync' });
    expect(engine.pendingFaults).toBe(2);
    engine.clearFaults();
    expect(engine.pendingFaults).toBe(0);
    engine.writeSync(wal, Buffer.from('x'), 0);
    engine.syncSync(wal);
  });
});

describe('FaultInjectingEngine counters', () => {
  it('counts calls per operation and per path, failed calls included', async () => {
    const engine = new FaultInjectingEngine({ durableDirs: [DIR] });
    engine.mkdir('/db/wal');
    const wal = engine.open(WAL, 'create');
    const page = engine.open('/db/pages', 'create');
    engine.writeSync(wal, Buffer.from('a'), 0);
    await engine.write(wal, Buffer.from('b'), 1);
    engine.syncSync(wal, true);
    engine.failNext({ op: 'sync', path: WAL });
    await ioRejection(engine.submit([{ op: 'sync', file: wal }]), 'EIO');
    engine.writeSync(page, Buffer.alloc(8), 0);
    engine.syncSync(page);

    expect(engine.count('sync', WAL)).toBe(2);
    expect(engine.count('sync', '/db/pages')).toBe(1);
    expect(engine.count('sync')).toBe(3);
    expect(engine.count('write', WAL)).toBe(2);
    expect(engine.count('write', /^\/db\//)).toBe(3);
    expect(engine.count('submit')).toBe(1);
    expect(engine.count('open')).toBe(2);
    expect(engine.count('unlink')).toBe(0);

    engine.close(wal);
    engine.rename(WAL, '/db/wal/000002.log');
    expect(engine.count('rename', WAL)).toBe(1);
    expect(engine.count('rename', '/db/wal/000002.log')).toBe(1);
    expect(engine.count('rename')).toBe(1);

    engine.resetCounts();
    expect(engine.count('sync')).toBe(0);
    expect(engine.count('sync', WAL)).toBe(0);
    engine.close(page);
  });
});

function getText(engine: FaultInjectingEngine, file: FileHandle): string {
  const buffer = Buffer.alloc(engine.size(file));
  engine.readSync(file, buffer, 0);
  return buffer.toString();
}
