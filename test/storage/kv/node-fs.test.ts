// The KV log on the real node:fs engine in a temporary directory: reopen, compaction (rename
// over the open log), a torn tail cut at open, and corruption in the middle refused (XX001).
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeFsEngine } from '../../../src/io/index.js';
import { KvBatch, KvLog } from '../../../src/storage/kv/index.js';
import { b, dump, recordingLogger } from './helpers.js';

describe('KvLog on node:fs', () => {
  let dir: string;
  let path: string;
  let engine: NodeFsEngine;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kvlog-test-'));
    path = join(dir, 'catalog.kv');
    engine = new NodeFsEngine();
  });

  afterEach(async () => {
    await engine.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes, compacts, reopens, and appends after the compaction', async () => {
    const log = KvLog.open(engine, path, { logger: recordingLogger(), compactMinBytes: 1000, compactGarbageRatio: 0.5 });
    for (let i = 0; i < 200; i++) await log.write(new KvBatch().put(b(`k${i % 10}`), b(`v${i}`)).delete(b(`k${(i + 5) % 10}`)));
    await Promise.all([log.put(b('x'), b('1')), log.put(b('y'), b('2')), log.compact(), log.put(b('z'), b('3'))]);
    const expected = dump(log);
    await log.close();
    expect(readFileSync(path).length).toBe(log.stats().fileSize);
    const reopened = KvLog.open(engine, path, { logger: recordingLogger() });
    expect(dump(reopened)).toEqual(expected);
    expect(reopened.stats().lastSeq).toBe(203);
    await reopened.close();
  });

  it('cuts a torn tail durably and refuses a damaged middle', async () => {
    const log = KvLog.open(engine, path, { logger: recordingLogger() });
    await log.put(b('a'), b('1'));
    const firstEnd = log.stats().fileSize;
    await log.put(b('b'), b('2'));
    await log.close();
    const good = readFileSync(path);

    appendFileSync(path, Buffer.from([40, 0, 0, 0, 1, 2, 3]));
    const logger = recordingLogger();
    const reopened = KvLog.open(engine, path, { logger });
    expect(dump(reopened)).toEqual(new Map([['a', '1'], ['b', '2']]));
    expect(logger.warnings).toEqual([expect.stringContaining(`incomplete record at offset ${good.length}; truncating 7 bytes`)]);
    await reopened.close();
    expect(readFileSync(path)).toEqual(good);

    const damaged = Buffer.from(good);
    damaged[firstEnd - 1] ^= 0x10;
    writeFileSync(path, damaged);
    expect(() => KvLog.open(engine, path, { logger })).toThrow(
      expect.objectContaining({ code: 'XX001', message: expect.stringContaining(`"${path}" is corrupt at offset 32`) }),
    );
  });
});
