// The KV log's API: batches, visibility, key order, group commit, statistics, compaction.
import { describe, expect, it } from 'vitest';
import { KvBatch, KvLog, shouldCompact } from '../../../src/storage/kv/index.js';
import { PATH, b, dump, newEngine, readBytes, recordingLogger } from './helpers.js';

const quiet = () => ({ logger: recordingLogger() });

describe('KvLog basics', () => {
  it('creates an empty log, then stores, overwrites and deletes keys', async () => {
    const engine = newEngine();
    const log = KvLog.open(engine, PATH, quiet());
    expect(log.get(b('a'))).toBeUndefined();
    await log.put(b('a'), b('1'));
    await log.put(b('b'), b('2'));
    await log.put(b('a'), b('3'));
    await log.delete(b('b'));
    await log.delete(b('missing'));
    expect(log.get(b('a'))?.toString()).toBe('3');
    expect(log.get(b('b'))).toBeUndefined();
    await log.close();
    const again = KvLog.open(engine, PATH, quiet());
    expect(dump(again)).toEqual(new Map([['a', '3']]));
    await again.close();
  });

  it('refuses to create a missing file when createIfMissing is false', () => {
    expect(() => KvLog.open(newEngine(), PATH, { createIfMissing: false })).toThrow(/does not exist/);
  });

  it('makes a batch visible only when its commit resolves, all at once', async () => {
    const engine = newEngine();
    const log = KvLog.open(engine, PATH, quiet());
    const pending = log.write(new KvBatch().put(b('x'), b('1')).put(b('y'), b('2')).delete(b('x')).put(b('z'), b('3')));
    expect(log.get(b('y'))).toBeUndefined();
    await pending;
    expect(dump(log)).toEqual(new Map([['y', '2'], ['z', '3']]));
    await log.close();
  });

  it('applies deletes before puts in the plain batch shape, and copies the buffers', async () => {
    const log = KvLog.open(newEngine(), PATH, quiet());
    const value = b('v1');
    await log.write({ puts: [[b('k'), value]], deletes: [b('k')] });
    value.write('XX');
    expect(log.get(b('k'))?.toString()).toBe('v1');
    await log.close();
  });

  it('scans a prefix in Buffer.compare order, including bytes above 0x7f', async () => {
    const log = KvLog.open(newEngine(), PATH, quiet());
    const keys = [Buffer.from([1, 0xff]), Buffer.from([1]), Buffer.from([1, 0x80, 0]), Buffer.from([2]), Buffer.from([1, 0x7f]), Buffer.from([0, 1])];
    await log.write({ puts: keys.map((k) => [k, k] as const) });
    const scanned = [...log.scanPrefix(Buffer.from([1]))].map(([k]) => k);
    const expected = keys.filter((k) => k[0] === 1).sort(Buffer.compare);
    expect(scanned).toEqual(expected);
    expect([...log.scanPrefix(Buffer.alloc(0))].map(([k]) => k)).toEqual([...keys].sort(Buffer.compare));
    await log.close();
  });

  it('shares one write and one fdatasync among batches committed together', async () => {
    const engine = newEngine();
    const log = KvLog.open(engine, PATH, quiet());
    engine.resetCounts();
    const commits = [];
    for (let i = 0; i < 10; i++) commits.push(log.put(b(`k${i}`), b(`v${i}`)));
    await Promise.all(commits);
    // The first commit flushes alone; the nine that queued behind it share the second flush.
    expect(engine.count('write', PATH)).toBe(2);
    expect(engine.count('sync', PATH)).toBe(2);
    expect(log.stats().lastSeq).toBe(10);
    await log.close();
    expect(dump(KvLog.open(engine, PATH, quiet())).size).toBe(10);
  });

  it('counts live and garbage records and bytes', async () => {
    const engine = newEngine();
    const log = KvLog.open(engine, PATH, { ...quiet(), autoCompact: false });
    await log.put(b('a'), b('1'));
    await log.put(b('a'), b('2'));
    await log.put(b('b'), b('3'));
    await log.delete(b('b'));
    const stats = log.stats();
    expect(stats).toMatchObject({ liveRecords: 1, garbageRecords: 3, lastSeq: 4 });
    expect(stats.fileSize).toBe(readBytes(engine, PATH).length);
    expect(stats.liveBytes).toBe(9 + 1 + 1);
    expect(stats.garbageBytes).toBe(stats.fileSize - 32 - stats.liveBytes);
    await log.close();
  });
});

describe('KvLog compaction', () => {
  it('compacts on demand, keeps the contents and the sequence, and appends to the new file', async () => {
    const engine = newEngine();
    const log = KvLog.open(engine, PATH, { ...quiet(), autoCompact: false });
    for (let i = 0; i < 50; i++) await log.put(b(`k${i % 5}`), b(`v${i}`));
    const before = log.stats();
    await log.compact();
    const after = log.stats();
    expect(after.fileSize).toBeLessThan(before.fileSize);
    expect(after).toMatchObject({ liveRecords: 5, garbageRecords: 0, lastSeq: 50 });
    expect(after.fileSize).toBe(readBytes(engine, PATH).length);
    expect(engine.exists(`${PATH}.compact`)).toBe(false);
    await log.put(b('k0'), b('new'));
    await log.close();
    const again = KvLog.open(engine, PATH, quiet());
    expect(again.get(b('k0'))?.toString()).toBe('new');
    expect(again.get(b('k4'))?.toString()).toBe('v49');
    expect(again.stats().lastSeq).toBe(51);
    await again.close();
  });

  it('compacts automatically after a commit once garbage passes the ratio and the minimum size', async () => {
    const engine = newEngine();
    const log = KvLog.open(engine, PATH, { ...quiet(), compactGarbageRatio: 0.5, compactMinBytes: 2000 });
    let compactions = 0;
    let lastSize = 0;
    for (let i = 0; i < 400; i++) {
      await log.put(b('same-key'), b(`value ${i}`));
      await log.put(b(`other-${i % 3}`), b('x'));
      const { fileSize } = log.stats();
      if (fileSize < lastSize) compactions++;
      lastSize = fileSize;
      // The commit resolves first; the compaction runs right after it, before the next write.
      expect(fileSize).toBeLessThan(2500);
    }
    expect(compactions).toBeGreaterThan(5);
    await log.close();
    expect(shouldCompact(log.stats(), { garbageRatio: 0.5, minBytes: 2000 })).toBe(false);
    expect(dump(KvLog.open(engine, PATH, quiet())).get('same-key')).toBe('value 399');
  });

  it('orders a compaction between the writes queued before and after it', async () => {
    const engine = newEngine();
    const log = KvLog.open(engine, PATH, { ...quiet(), autoCompact: false });
    const first = log.put(b('a'), b('1'));
    const compacted = log.compact();
    const second = log.put(b('a'), b('2'));
    await Promise.all([first, compacted, second]);
    expect(log.stats()).toMatchObject({ liveRecords: 1, garbageRecords: 1, lastSeq: 2 });
    await log.close();
  });

  it('leaves the log usable when a compaction fails before its rename', async () => {
    const engine = newEngine();
    const log = KvLog.open(engine, PATH, { ...quiet(), autoCompact: false });
    await log.put(b('a'), b('1'));
    engine.failNext({ op: 'write', path: `${PATH}.compact`, code: 'ENOSPC' });
    await expect(log.compact()).rejects.toMatchObject({ code: '58030' });
    expect(engine.exists(`${PATH}.compact`)).toBe(false);
    await log.put(b('b'), b('2'));
    await log.compact();
    await log.close();
    expect(dump(KvLog.open(engine, PATH, quiet()))).toEqual(new Map([['a', '1'], ['b', '2']]));
  });

  it('refuses writes when the directory sync after the rename fails', async () => {
    const engine = newEngine();
    const log = KvLog.open(engine, PATH, { ...quiet(), autoCompact: false });
    await log.put(b('a'), b('1'));
    engine.failNext({ op: 'syncDir' });
    await expect(log.compact()).rejects.toMatchObject({ code: '58030' });
    await expect(log.put(b('b'), b('2'))).rejects.toMatchObject({ code: '58030', message: expect.stringMatching(/refuses writes/) });
    expect(log.get(b('a'))?.toString()).toBe('1');
    await log.close();
    expect(dump(KvLog.open(engine, PATH, quiet()))).toEqual(new Map([['a', '1']]));
  });

  it('removes a leftover .compact file at open', async () => {
    const engine = newEngine();
    const log = KvLog.open(engine, PATH, quiet());
    await log.put(b('a'), b('1'));
    await log.close();
    const stray = engine.open(`${PATH}.compact`, 'create');
    engine.writeSync(stray, b('half a compaction'), 0);
    engine.close(stray);
    const again = KvLog.open(engine, PATH, quiet());
    expect(engine.exists(`${PATH}.compact`)).toBe(false);
    expect(dump(again)).toEqual(new Map([['a', '1']]));
    await again.close();
  });
});
