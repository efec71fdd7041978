// Simulated power loss in the fault-injecting engine, case by case against engine.ts's
// durability contract: file bytes survive only up to the last sync, directory entries
// (creations, renames, unlinks) only up to the last syncDir of their directory.
import { beforeEach, describe, expect, it } from 'vitest';
import { FaultInjectingEngine } from '../../src/io/index.js';
import { getFile, ioError, putFile } from './engine-fixtures.js';

const DIR = '/data';

describe('FaultInjectingEngine power loss', () => {
  let engine: FaultInjectingEngine;
  beforeEach(() => {
    engine = new FaultInjectingEngine({ durableDirs: [DIR] });
  });

  /** A file whose entry is durable and whose durable content is `text`. */
  function durableFile(name: string, text: string): string {
    const filePath = `${DIR}/${name}`;
    putFile(engine, filePath, text, true);
    engine.syncDir(DIR);
    return filePath;
  }

  it('keeps synced bytes and drops later un-synced writes, truncates and extensions', () => {
    const filePath = durableFile('f', 'synced!');
    const file = engine.open(filePath, 'readwrite');
    engine.writeSync(file, Buffer.from('SYN'), 0);
    engine.writeSync(file, Buffer.from(' and more'), 7);
    engine.close(file);
    expect(getFile(engine, filePath)).toBe('SYNced! and more');
    engine.powerLoss();
    expect(getFile(engine, filePath)).toBe('synced!');

    const again = engine.open(filePath, 'readwrite');
    engine.truncateSync(again, 2);
    engine.close(again);
    engine.crash();
    expect(getFile(engine, filePath)).toBe('synced!');
  });

  it('a sync makes everything written before it durable, fsync and fdatasync alike', async () => {
    const filePath = durableFile('f', '');
    const file = engine.open(filePath, 'readwrite');
    engine.writeSync(file, Buffer.from('one '), 0);
    engine.syncSync(file, true);
    await engine.write(file, Buffer.from('two '), 4);
    await engine.sync(file);
    await engine.submit([
      { op: 'write', file, buffer: Buffer.from('three '), position: 8 },
      { op: 'sync', file, dataOnly: true },
      { op: 'write', file, buffer: Buffer.from('four'), position: 14 },
    ]);
    engine.powerLoss();
    expect(getFile(engine, filePath)).toBe('one two three ');
  });

  it('a truncate followed by sync is durable', () => {
    const filePath = durableFile('f', 'abcdef');
    const file = engine.open(filePath, 'readwrite');
    engine.truncateSync(file, 3);
    engine.syncSync(file);
    engine.close(file);
    engine.powerLoss();
    expect(getFile(engine, filePath)).toBe('abc');
  });

  it('handles opened before a power loss are dead; the engine still shuts down', async () => {
    const filePath = durableFile('f', 'x');
    const file = engine.open(filePath, 'readwrite');
    engine.powerLoss();
    ioError(() => engine.readSync(file, Buffer.alloc(1), 0), 'EBADF');
    ioError(() => engine.writeSync(file, Buffer.from('y'), 0), 'EBADF');
    ioError(() => engine.close(file), 'EBADF');
    await engine.shutdown();
  });

  it('a file created in a directory never synced since vanishes, even if its bytes were synced', () => {
    putFile(engine, `${DIR}/new`, 'synced bytes', true);
    engine.powerLoss();
    expect(engine.exists(`${DIR}/new`)).toBe(false);
    expect(engine.readdir(DIR)).toEqual([]);
  });

  it('a created entry made durable by syncDir keeps only synced bytes (possibly none)', () => {
    putFile(engine, `${DIR}/unsynced`, 'bytes never synced');
    engine.syncDir(DIR);
    engine.powerLoss();
    expect(engine.readdir(DIR)).toEqual(['unsynced']);
    expect(getFile(engine, `${DIR}/unsynced`)).toBe('');
  });

  it('a new directory needs a syncDir of its parent; its files need a syncDir of it', () => {
    engine.mkdir(`${DIR}/a/b`, true);
    putFile(engine, `${DIR}/a/b/f`, 'x', true);
    engine.syncDir(`${DIR}/a/b`);
    engine.syncDir(`${DIR}/a`);
    engine.powerLoss();
    expect(engine.exists(`${DIR}/a`)).toBe(false);

    engine.mkdir(`${DIR}/a/b`, true);
    putFile(engine, `${DIR}/a/b/f`, 'x', true);
    engine.syncDir(DIR);
    engine.syncDir(`${DIR}/a`);
    engine.powerLoss();
    expect(engine.readdir(`${DIR}/a`)).toEqual(['b']);
    expect(engine.readdir(`${DIR}/a/b`)).toEqual([]);
  });

  it('an unlink without syncDir is undone; with syncDir it stays', () => {
    const filePath = durableFile('f', 'durable');
    engine.unlink(filePath);
    engine.powerLoss();
    expect(getFile(engine, filePath)).toBe('durable');
    engine.unlink(filePath);
    engine.syncDir(DIR);
    engine.powerLoss();
    expect(engine.exists(filePath)).toBe(false);
  });

  it('a rename without syncDir is undone: the old name keeps the old file, the new name its durable target', () => {
    durableFile('current', 'old version');
    durableFile('next', 'new version');
    engine.rename(`${DIR}/next`, `${DIR}/current`);
    expect(getFile(engine, `${DIR}/current`)).toBe('new version');
    engine.powerLoss();
    expect(engine.readdir(DIR)).toEqual(['current', 'next']);
    expect(getFile(engine, `${DIR}/current`)).toBe('old version');
    expect(getFile(engine, `${DIR}/next`)).toBe('new version');
  });

  it('a rename onto a name that was not durable leaves only the old name', () => {
    durableFile('a', 'content');
    engine.rename(`${DIR}/a`, `${DIR}/b`);
    engine.powerLoss();
    expect(engine.readdir(DIR)).toEqual(['a']);
  });

  it('the atomic-replace pattern (write tmp, sync, rename, syncDir) survives a power loss', () => {
    durableFile('MANIFEST', 'v1');
    putFile(engine, `${DIR}/MANIFEST.tmp`, 'v2', true);
    engine.rename(`${DIR}/MANIFEST.tmp`, `${DIR}/MANIFEST`);
    engine.syncDir(DIR);
    engine.powerLoss();
    expect(engine.readdir(DIR)).toEqual(['MANIFEST']);
    expect(getFile(engine, `${DIR}/MANIFEST`)).toBe('v2');
  });

  it('forgetting to sync the temporary file before the rename loses its content', () => {
    durableFile('MANIFEST', 'v1');
    putFile(engine, `${DIR}/MANIFEST.tmp`, 'v2');
    engine.rename(`${DIR}/MANIFEST.tmp`, `${DIR}/MANIFEST`);
    engine.syncDir(DIR);
    engine.powerLoss();
    expect(getFile(engine, `${DIR}/MANIFEST`)).toBe('');
  });

  it('a rename across directories is durable per directory', () => {
    engine.mkdir(`${DIR}/from`);
    engine.mkdir(`${DIR}/to`);
    engine.syncDir(DIR);
    putFile(engine, `${DIR}/from/f`, 'moving', true);
    engine.syncDir(`${DIR}/from`);
    engine.rename(`${DIR}/from/f`, `${DIR}/to/f`);
    engine.syncDir(`${DIR}/to`);
    engine.powerLoss();
    // Only the target directory was synced: the file is reachable under both names.
    expect(getFile(engine, `${DIR}/from/f`)).toBe('moving');
    expect(getFile(engine, `${DIR}/to/f`)).toBe('moving');
  });

  it('durableDirs exist after a power loss; directories made later do not', () => {
    const other = new FaultInjectingEngine({ durableDirs: ['/x/y', '/z'] });
    other.mkdir('/x/y/later');
    other.powerLoss();
    expect(other.readdir('/')).toEqual(['x', 'z']);
    expect(other.readdir('/x/y')).toEqual([]);
  });

  it('files unreachable after a power loss are gone for good, reopening creates them afresh', () => {
    putFile(engine, `${DIR}/f`, 'first life', true);
    engine.powerLoss();
    ioError(() => engine.open(`${DIR}/f`, 'read'), 'ENOENT');
    putFile(engine, `${DIR}/f`, 'second');
    expect(getFile(engine, `${DIR}/f`)).toBe('second');
  });
});
