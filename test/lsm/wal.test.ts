// The write-ahead log: records round-trip through the frame format (property), appends that
// arrive together share one write and one fdatasync, acknowledged records survive a power
// loss, a torn tail is cut off at start and damage before the tail stops recovery (XX001).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaultInjectingEngine } from '../../src/io/index.js';
import { createLogger } from '../../src/log.js';
import { WriteAheadLog, segmentName } from '../../src/lsm/wal.js';
import { encodeRecord, readFrame, type CommitRecord } from '../../src/lsm/wal-format.js';
import { readWalRecords } from '../../src/lsm/wal-reader.js';

const log = createLogger('error');
const DIR = '/data/wal';

const bytes = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));
const entry = fc.record({ key: bytes, value: fc.option(bytes, { nil: null }) });
const record: fc.Arbitrary<CommitRecord> = fc.record({
  csn: fc.integer({ min: 1, max: 2 ** 40 }),
  dbOid: fc.integer({ min: 1, max: 2 ** 31 }),
  catalog: fc.array(entry, { maxLength: 4 }),
  relations: fc.array(fc.record({ relfilenode: fc.integer({ min: 1, max: 2 ** 31 }), entries: fc.array(entry, { maxLength: 6 }) }), { maxLength: 3 }),
});

function rec(csn: number, n = 1): CommitRecord {
  return { csn, dbOid: 5, catalog: [], relations: [{ relfilenode: 16384, entries: Array.from({ length: n }, (_, i) => ({ key: Buffer.from(`k${csn}-${i}`), value: Buffer.from(`v${csn}`) })) }] };
}

function readAll(engine: FaultInjectingEngine, from = 0): CommitRecord[] {
  return [...readWalRecords(engine, DIR, from, log)];
}

describe('WAL format', () => {
  it('decodes every record it encodes', () => {
    fc.assert(
      fc.property(record, (r) => {
        const frame = encodeRecord(r);
        const read = readFrame(frame, 0);
        expect(read).toEqual({ status: 'ok', record: r, size: frame.length });
      }),
    );
  });

  it('reports a frame cut short as incomplete and a flipped bit as a bad checksum', () => {
    const frame = encodeRecord(rec(7, 3));
    expect(readFrame(frame.subarray(0, frame.length - 1), 0).status).toBe('incomplete');
    const flipped = Buffer.from(frame);
    flipped[frame.length - 2]! ^= 1;
    expect(readFrame(flipped, 0).status).toBe('bad-checksum');
  });
});

describe('WriteAheadLog', () => {
  it('groups appends that arrive together into one write and one sync, and keeps them across a power loss', async () => {
    const engine = new FaultInjectingEngine({ durableDirs: ['/data'] });
    const wal = WriteAheadLog.create(engine, DIR, 1, { log });
    await Promise.all(Array.from({ length: 50 }, (_, i) => wal.append(rec(i + 1))));
    expect(wal.stats.records).toBe(50);
    expect(wal.stats.syncs).toBeLessThan(10);
    engine.powerLoss();
    expect(readAll(engine).map((r) => r.csn)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('loses unacknowledged records only, and nothing with fsync on', async () => {
    const engine = new FaultInjectingEngine({ durableDirs: ['/data'] });
    const wal = WriteAheadLog.create(engine, DIR, 1, { log });
    const acked: number[] = [];
    const pending = Array.from({ length: 20 }, (_, i) => wal.append(rec(i + 1)).then(() => acked.push(i + 1)));
    await pending[4];
    engine.powerLoss();
    await Promise.allSettled(pending);
    const survived = readAll(engine).map((r) => r.csn);
    for (const csn of acked.filter((c) => c <= 5)) expect(survived).toContain(csn);
    // what survived is a prefix of the log
    expect(survived).toEqual(Array.from({ length: survived.length }, (_, i) => i + 1));
  });

  it('rotates segments and reads them back in order', async () => {
    const engine = new FaultInjectingEngine({ durableDirs: ['/data'] });
    const wal = WriteAheadLog.create(engine, DIR, 1, { log, segmentSize: 200 });
    for (let i = 1; i <= 10; i++) await wal.append(rec(i));
    expect(wal.segment).toBeGreaterThanOrEqual(3);
    expect(readAll(engine).map((r) => r.csn)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    const next = await wal.rotate();
    wal.removeSegmentsBefore(next);
    await wal.append(rec(11));
    expect(readAll(engine).map((r) => r.csn)).toEqual([11]);
    await wal.close();
  });

  it('cuts a torn tail off the last segment and refuses damage before it (XX001)', async () => {
    const engine = new FaultInjectingEngine({ durableDirs: ['/data'] });
    const wal = WriteAheadLog.create(engine, DIR, 1, { log });
    for (let i = 1; i <= 3; i++) await wal.append(rec(i, 4));
    await wal.close();
    const path = `${DIR}/${segmentName(1)}`;
    const file = engine.open(path, 'readwrite');
    const size = engine.size(file);
    const torn = encodeRecord(rec(4, 4)).subarray(0, 30);
    engine.writeSync(file, torn, size);
    engine.close(file);
    expect(readAll(engine).map((r) => r.csn)).toEqual([1, 2, 3]);
    const after = engine.open(path, 'readwrite');
    expect(engine.size(after)).toBe(size);
    // a damaged byte inside a record that is followed by a later segment is corruption
    engine.writeSync(after, Buffer.from([0xff]), size - 5);
    engine.close(after);
    const wal2 = WriteAheadLog.create(engine, DIR, 2, { log });
    await wal2.append(rec(4));
    await wal2.close();
    expect(() => readAll(engine)).toThrow(expect.objectContaining({ code: 'XX001' }));
  });
});
