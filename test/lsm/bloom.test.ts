// The partitioned bloom filter: no false negatives (property), a measured false-positive rate
// near 1% at 10 bits per key, partitions that only answer for their own keys, and a section
// that round-trips through bytes and rejects malformed bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartitionedBloom, PartitionedBloomBuilder, probesFor } from '../../src/lsm/bloom.js';

const fail = (reason: string) => new Error(reason);
const key = (prefix: string, i: number) => Buffer.from(`${prefix}${String(i).padStart(8, '0')}`);

describe('partitioned bloom filter', () => {
  it('chooses 7 probes at 10 bits per key', () => {
    expect(probesFor(10)).toBe(7);
  });

  it('contains every key added, in the partition it was added to', () => {
    const bytes = fc.uint8Array({ maxLength: 24 }).map((a) => Buffer.from(a));
    fc.assert(
      fc.property(fc.array(fc.array(bytes, { maxLength: 60 }), { minLength: 1, maxLength: 5 }), (partitions) => {
        const builder = new PartitionedBloomBuilder();
        for (const keys of partitions) {
          for (const k of keys) builder.add(k);
          builder.finishPartition();
        }
        const bloom = PartitionedBloom.decode(builder.encode(), fail);
        expect(bloom.partitionCount).toBe(partitions.length);
        partitions.forEach((keys, p) => {
          for (const k of keys) expect(bloom.mayContain(p, k)).toBe(true);
        });
      }),
    );
  });

  it('has a false-positive rate near 1% (100k keys in, 100k other keys probed)', () => {
    const builder = new PartitionedBloomBuilder(10);
    const perPartition = 1000;
    for (let i = 0; i < 100_000; i++) {
      builder.add(key('in/', i));
      if ((i + 1) % perPartition === 0) builder.finishPartition();
    }
    const bloom = PartitionedBloom.decode(builder.encode(), fail);
    let positives = 0;
    for (let i = 0; i < 100_000; i++) if (bloom.mayContain(Math.floor(i / perPartition), key('out/', i))) positives++;
    const rate = positives / 100_000;
    console.log(`bloom false-positive rate at 10 bits/key, k=7: ${(rate * 100).toFixed(3)}% (${positives} of 100000); ${bloom.byteSize} bytes`);
    expect(rate).toBeGreaterThan(0.003);
    expect(rate).toBeLessThan(0.02);
  });

  it('keeps a low rate for short binary keys (4-byte big-endian integers)', () => {
    const builder = new PartitionedBloomBuilder(10);
    const be = (i: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(i);
      return b;
    };
    for (let i = 0; i < 50_000; i++) builder.add(be(i * 2));
    builder.finishPartition();
    const bloom = PartitionedBloom.decode(builder.encode(), fail);
    let positives = 0;
    for (let i = 0; i < 50_000; i++) if (bloom.mayContain(0, be(i * 2 + 1))) positives++;
    console.log(`bloom false-positive rate, 4-byte integer keys: ${((positives / 50_000) * 100).toFixed(3)}%`);
    expect(positives / 50_000).toBeLessThan(0.02);
  });

  it('answers for an empty partition with no (almost no) positives', () => {
    const builder = new PartitionedBloomBuilder();
    builder.finishPartition();
    const bloom = PartitionedBloom.decode(builder.encode(), fail);
    expect(bloom.mayContain(0, Buffer.from('x'))).toBe(false);
  });

  it('rejects malformed sections', () => {
    const builder = new PartitionedBloomBuilder();
    builder.add(Buffer.from('a'));
    builder.finishPartition();
    const good = builder.encode();
    expect(() => PartitionedBloom.decode(good.subarray(0, good.length - 1), fail)).toThrow(/out of place|malformed/);
    expect(() => PartitionedBloom.decode(Buffer.concat([good, Buffer.alloc(1)]), fail)).toThrow(/stray bytes/);
    const badK = Buffer.from(good);
    badK[12] = 0; // probe count of partition 0 (directory is 4 + 8 bytes)
    expect(() => PartitionedBloom.decode(badK, fail)).toThrow(/malformed/);
    expect(() => PartitionedBloom.decode(Buffer.alloc(2), fail)).toThrow(/shorter/);
  });
});
