// The behavioural suite of the IoEngine contract (src/io/engine.ts), run against every engine:
// node:fs on a real temporary directory and the fault-injecting in-memory engine must give the
// same results, sizes and errno codes for every method and error path.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IoError, type FileHandle, type IoEngine } from '../../src/io/index.js';
import { engineFactories, getFile, ioError, ioRejection, putFile, type EngineFixture } from './engine-fixtures.js';

describe.each(engineFactories)('IoEngine contract: $name', (factory) => {
  let fixture: EngineFixture;
  let engine: IoEngine;
  let at: (...names: string[]) => string;

  beforeEach(async () => {
    fixture = await factory.make();
    engine = fixture.engine;
    at = (...names) => path.join(fixture.root, ...names);
  });

  afterEach(async () => {
    await engine.shutdown(); // also checks that every test closed its files
    await fixture.cleanup();
  });

  describe('open and close', () => {
    it('creates an empty file under a normalised path, and create never truncates', () => {
      const file = engine.open(path.join(fixture.root, 'sub', '..', 'a.dat'), 'create');
      expect(file.path).toBe(at('a.dat'));
      expect(engine.size(file)).toBe(0);
      engine.writeSync(file, Buffer.from('hello'), 0);
      engine.close(file);
      expect(engine.exists(at('a.dat'))).toBe(true);
      const again = engine.open(at('a.dat'), 'create');
      expect(engine.size(again)).toBe(5);
      engine.close(again);
    });

    it('refuses missing files, directories and paths through files', () => {
      const missing = ioError(() => engine.open(at('nope'), 'read'), 'ENOENT');
      expect(missing.operation).toBe('open');
      expect(missing.path).toBe(at('nope'));
      expect(missing.name).toBe('IoError');
      expect(missing.message).toContain(at('nope'));
      ioError(() => engine.open(at('nope'), 'readwrite'), 'ENOENT');
      ioError(() => engine.open(at('no-dir', 'f'), 'create'), 'ENOENT');
      engine.mkdir(at('d'));
      for (const mode of ['read', 'readwrite', 'create'] as const) ioError(() => engine.open(at('d'), mode), 'EISDIR');
      putFile(engine, at('f'), 'x');
      ioError(() => engine.open(at('f', 'g'), 'create'), 'ENOTDIR');
    });

    it('a read-only handle reads and syncs but cannot write or truncate', async () => {
      putFile(engine, at('f'), 'abc');
      const file = engine.open(at('f'), 'read');
      expect(engine.readSync(file, Buffer.alloc(3), 0)).toBe(3);
      engine.syncSync(file);
      await engine.sync(file, true);
      ioError(() => engine.writeSync(file, Buffer.from('z'), 0), 'EBADF');
      await ioRejection(engine.write(file, Buffer.from('z'), 0), 'EBADF');
      ioError(() => engine.truncateSync(file, 0), 'EINVAL');
      engine.close(file);
      expect(getFile(engine, at('f'))).toBe('abc');
    });

    it('every use of a closed handle is EBADF', async () => {
      const file = engine.open(at('f'), 'create');
      engine.close(file);
      const buffer = Buffer.alloc(1);
      ioError(() => engine.close(file), 'EBADF');
      ioError(() => engine.size(file), 'EBADF');
      ioError(() => engine.truncateSync(file, 0), 'EBADF');
      ioError(() => engine.readSync(file, buffer, 0), 'EBADF');
      ioError(() => engine.writeSync(file, buffer, 0), 'EBADF');
      ioError(() => engine.syncSync(file), 'EBADF');
      await ioRejection(engine.read(file, buffer, 0), 'EBADF');
      await ioRejection(engine.write(file, buffer, 0), 'EBADF');
      await ioRejection(engine.sync(file), 'EBADF');
      await ioRejection(engine.submit([{ op: 'sync', file }]), 'EBADF');
    });

    it('a handle that this engine did not open is EBADF', async () => {
      const foreign: FileHandle = { path: at('f') };
      ioError(() => engine.size(foreign), 'EBADF');
      ioError(() => engine.close(foreign), 'EBADF');
      await ioRejection(engine.read(foreign, Buffer.alloc(1), 0), 'EBADF');
      const other = await factory.make();
      const theirs = other.engine.open(path.join(other.root, 'f'), 'create');
      ioError(() => engine.writeSync(theirs, Buffer.from('x'), 0), 'EBADF');
      other.engine.close(theirs);
      await other.cleanup();
    });

    it('refuses to close a handle with an operation in flight', async () => {
      const file = engine.open(at('f'), 'create');
      const pending = engine.write(file, Buffer.from('data'), 0);
      ioError(() => engine.close(file), 'EBUSY');
      await pending;
      engine.close(file);
      expect(getFile(engine, at('f'))).toBe('data');
    });
  });

  describe('read, write, truncate, sync', () => {
    let file: FileHandle;
    beforeEach(() => {
      file = engine.open(at('data'), 'create');
    });
    afterEach(() => engine.close(file));

    it('writes the whole buffer and reads it back', () => {
      engine.writeSync(file, Buffer.from('hello world'), 0);
      engine.writeSync(file, Buffer.from('WORLD'), 6);
      expect(engine.size(file)).toBe(11);
      const buffer = Buffer.alloc(11);
      expect(engine.readSync(file, buffer, 0)).toBe(11);
      expect(buffer.toString()).toBe('hello WORLD');
    });

    it('writing past the end extends the file with zeros', () => {
      engine.writeSync(file, Buffer.from('ab'), 0);
      engine.writeSync(file, Buffer.from('cd'), 6);
      expect(engine.size(file)).toBe(8);
      const buffer = Buffer.alloc(8, 0xff);
      expect(engine.readSync(file, buffer, 0)).toBe(8);
      expect([...buffer]).toEqual([0x61, 0x62, 0, 0, 0, 0, 0x63, 0x64]);
    });

    it('reads are short only at the end of the file', () => {
      engine.writeSync(file, Buffer.from('0123456789'), 0);
      const buffer = Buffer.alloc(8, 0x2e);
      expect(engine.readSync(file, buffer, 6)).toBe(4);
      expect(buffer.toString()).toBe('6789....');
      expect(engine.readSync(file, buffer, 10)).toBe(0);
      expect(engine.readSync(file, buffer, 1000)).toBe(0);
      expect(engine.readSync(file, Buffer.alloc(0), 0)).toBe(0);
      engine.writeSync(file, Buffer.alloc(0), 50);
      expect(engine.size(file)).toBe(10);
    });

    it('truncate shrinks and extends; bytes cut off come back as zeros', () => {
      engine.writeSync(file, Buffer.from('abcdef'), 0);
      engine.truncateSync(file, 2);
      expect(engine.size(file)).toBe(2);
      engine.truncateSync(file, 5);
      const buffer = Buffer.alloc(5, 0xff);
      expect(engine.readSync(file, buffer, 0)).toBe(5);
      expect([...buffer]).toEqual([0x61, 0x62, 0, 0, 0]);
      engine.writeSync(file, Buffer.from('z'), 7);
      const tail = Buffer.alloc(3, 0xff);
      expect(engine.readSync(file, tail, 5)).toBe(3);
      expect([...tail]).toEqual([0, 0, 0x7a]);
    });

    it('rejects negative, fractional and unsafe positions with EINVAL', async () => {
      for (const position of [-1, 1.5, Number.NaN, 2 ** 53]) {
        ioError(() => engine.readSync(file, Buffer.alloc(1), position), 'EINVAL');
        ioError(() => engine.writeSync(file, Buffer.alloc(1), position), 'EINVAL');
        await ioRejection(engine.read(file, Buffer.alloc(1), position), 'EINVAL');
        await ioRejection(engine.write(file, Buffer.alloc(1), position), 'EINVAL');
      }
      ioError(() => engine.truncateSync(file, -1), 'EINVAL');
      expect(engine.size(file)).toBe(0);
    });

    it('sync and fdatasync succeed, synchronously and asynchronously', async () => {
      engine.writeSync(file, Buffer.from('x'), 0);
      engine.syncSync(file);
      engine.syncSync(file, true);
      await engine.sync(file);
      await engine.sync(file, true);
    });

    it('asynchronous reads and writes behave like the synchronous ones', async () => {
      await engine.write(file, Buffer.from('async'), 3);
      expect(engine.size(file)).toBe(8);
      const buffer = Buffer.alloc(10, 0x2e);
      expect(await engine.read(file, buffer, 0)).toBe(8);
      expect([...buffer.subarray(0, 3)]).toEqual([0, 0, 0]);
      expect(buffer.subarray(3).toString()).toBe('async..');
      expect(await engine.read(file, buffer, 8)).toBe(0);
    });

    it('submit runs a batch in order and returns the read counts', async () => {
      const a = Buffer.alloc(4);
      const b = Buffer.alloc(10);
      const counts = await engine.submit([
        { op: 'write', file, buffer: Buffer.from('abcdef'), position: 0 },
        { op: 'read', file, buffer: a, position: 1 },
        { op: 'sync', file, dataOnly: true },
        { op: 'write', file, buffer: Buffer.from('XY'), position: 4 },
        { op: 'read', file, buffer: b, position: 0 },
        { op: 'sync', file },
      ]);
      expect(counts).toEqual([4, 6]);
      expect(a.toString()).toBe('bcde');
      expect(b.subarray(0, 6).toString()).toBe('abcdXY');
      expect(await engine.submit([])).toEqual([]);
    });

    it('submit stops at the first failure and runs nothing after it', async () => {
      putFile(engine, at('ro'), 'ro');
      const readOnly = engine.open(at('ro'), 'read');
      await ioRejection(
        engine.submit([
          { op: 'write', file, buffer: Buffer.from('first'), position: 0 },
          { op: 'write', file: readOnly, buffer: Buffer.from('no'), position: 0 },
          { op: 'write', file, buffer: Buffer.from('never'), position: 5 },
        ]),
        'EBADF',
      );
      engine.close(readOnly);
      expect(engine.size(file)).toBe(5);
    });
  });

  describe('directories and names', () => {
    it('exists sees files and directories, and is false for missing paths and paths through files', () => {
      engine.mkdir(at('d'));
      putFile(engine, at('f'), '');
      expect(engine.exists(at('d'))).toBe(true);
      expect(engine.exists(at('f'))).toBe(true);
      expect(engine.exists(at('nope'))).toBe(false);
      expect(engine.exists(at('f', 'x'))).toBe(false);
      expect(engine.exists(fixture.root)).toBe(true);
    });

    it('mkdir: idempotent for directories, EEXIST over a file, parents only when recursive', () => {
      engine.mkdir(at('d'));
      engine.mkdir(at('d'));
      engine.mkdir(at('d'), true);
      ioError(() => engine.mkdir(at('a', 'b')), 'ENOENT');
      engine.mkdir(at('a', 'b', 'c'), true);
      expect(engine.readdir(at('a', 'b'))).toEqual(['c']);
      putFile(engine, at('f'), '');
      ioError(() => engine.mkdir(at('f')), 'EEXIST');
      ioError(() => engine.mkdir(at('f'), true), 'EEXIST');
      ioError(() => engine.mkdir(at('f', 'g')), 'ENOTDIR');
      expect(ioError(() => engine.mkdir(at('f', 'g', 'h'), true), 'ENOTDIR').operation).toBe('mkdir');
    });

    it('readdir lists names sorted; ENOENT and ENOTDIR otherwise', () => {
      engine.mkdir(at('d'));
      for (const name of ['b', 'C', 'a', '10', '9']) putFile(engine, at('d', name), '');
      engine.mkdir(at('d', 'sub'));
      expect(engine.readdir(at('d'))).toEqual(['10', '9', 'C', 'a', 'b', 'sub']);
      expect(engine.readdir(at('d', 'sub'))).toEqual([]);
      ioError(() => engine.readdir(at('nope')), 'ENOENT');
      ioError(() => engine.readdir(at('d', 'a')), 'ENOTDIR');
    });

    it('rename moves a file and replaces an existing target', () => {
      putFile(engine, at('old'), 'new content');
      putFile(engine, at('target'), 'previous');
      engine.rename(at('old'), at('target'));
      expect(engine.exists(at('old'))).toBe(false);
      expect(getFile(engine, at('target'))).toBe('new content');
      engine.mkdir(at('d'));
      engine.rename(at('target'), at('d', 'moved'));
      expect(engine.readdir(fixture.root)).toEqual(['d']);
      expect(getFile(engine, at('d', 'moved'))).toBe('new content');
      engine.rename(at('d', 'moved'), at('d', 'moved'));
      expect(engine.readdir(at('d'))).toEqual(['moved']);
    });

    it('rename error paths match rename(2)', () => {
      putFile(engine, at('f'), 'x');
      engine.mkdir(at('d'));
      engine.mkdir(at('full'));
      putFile(engine, at('full', 'x'), '');
      const missing = ioError(() => engine.rename(at('nope'), at('g')), 'ENOENT');
      expect(missing.operation).toBe('rename');
      expect(missing.path).toBe(at('nope'));
      ioError(() => engine.rename(at('f'), at('no-dir', 'g')), 'ENOENT');
      ioError(() => engine.rename(at('f'), at('d')), 'EISDIR');
      ioError(() => engine.rename(at('d'), at('f')), 'ENOTDIR');
      ioError(() => engine.rename(at('d'), at('full')), 'ENOTEMPTY');
      ioError(() => engine.rename(at('d'), at('d', 'inside')), 'EINVAL');
      ioError(() => engine.rename(at('f'), at('f', 'g')), 'ENOTDIR');
      expect(engine.readdir(fixture.root)).toEqual(['d', 'f', 'full']);
    });

    it('rename moves directories, also onto an empty directory', () => {
      engine.mkdir(at('a'));
      putFile(engine, at('a', 'f'), 'in a');
      engine.mkdir(at('empty'));
      engine.rename(at('a'), at('empty'));
      expect(engine.readdir(fixture.root)).toEqual(['empty']);
      expect(getFile(engine, at('empty', 'f'))).toBe('in a');
    });

    it('unlink removes files, not directories; an open handle keeps working', () => {
      putFile(engine, at('f'), 'still here');
      const file = engine.open(at('f'), 'readwrite');
      engine.unlink(at('f'));
      expect(engine.exists(at('f'))).toBe(false);
      const buffer = Buffer.alloc(10);
      expect(engine.readSync(file, buffer, 0)).toBe(10);
      expect(buffer.toString()).toBe('still here');
      engine.close(file);
      expect(ioError(() => engine.unlink(at('f')), 'ENOENT').operation).toBe('unlink');
      engine.mkdir(at('d'));
      ioError(() => engine.unlink(at('d')), 'EISDIR');
      ioError(() => engine.unlink(at('nope', 'f')), 'ENOENT');
    });

    it('a handle follows its file across a rename', () => {
      const file = engine.open(at('a'), 'create');
      engine.rename(at('a'), at('b'));
      engine.writeSync(file, Buffer.from('after rename'), 0);
      engine.close(file);
      expect(file.path).toBe(at('a'));
      expect(getFile(engine, at('b'))).toBe('after rename');
    });

    it('syncDir syncs directories; ENOENT and ENOTDIR otherwise', () => {
      engine.mkdir(at('d'));
      engine.syncDir(at('d'));
      engine.syncDir(fixture.root);
      ioError(() => engine.syncDir(at('nope')), 'ENOENT');
      putFile(engine, at('f'), '');
      expect(ioError(() => engine.syncDir(at('f')), 'ENOTDIR').operation).toBe('syncDir');
    });
  });

  it('shutdown refuses while files are open, then succeeds', async () => {
    const file = engine.open(at('f'), 'create');
    const refused = await ioRejection(engine.shutdown(), 'EBUSY');
    expect(refused).toBeInstanceOf(IoError);
    expect(refused.path).toBe(at('f'));
    engine.close(file);
  });
});
