// The chain runner (src/io/uring-chain.ts) against a fake ring that behaves like the kernel's
// linked chains but transfers at most a few bytes per operation, so that the paths a healthy
// disk never takes are exercised: short writes resubmitted, short reads continued, end of file
// in the middle of a chain, segments no longer than the ring, failures after a short transfer.
import { describe, expect, it } from 'vitest';
import { IoError } from '../../src/io/index.js';
import { NativeOpKind, type NativeOpSlot, type NativeRing } from '../../src/io/native-binding.js';
import { runChain, type ChainOp } from '../../src/io/uring-chain.js';

/** In-memory files by fd; each read or write moves at most `maxTransfer` bytes. */
class FakeRing implements NativeRing {
  readonly files = new Map<number, number[]>();
  readonly submissions: number[] = [];
  /** fds whose next operation fails with this errno name. */
  readonly failing = new Map<number, string>();
  closed = false;

  constructor(
    readonly capacity: number,
    private readonly maxTransfer: number,
  ) {}

  async submit(slots: NativeOpSlot[], count: number): Promise<Array<number | string>> {
    if (this.closed) throw Object.assign(new Error('ring closed'), { code: 'ESHUTDOWN' });
    expect(count).toBeLessThanOrEqual(this.capacity);
    this.submissions.push(count);
    const results: Array<number | string> = [];
    let broken = false;
    for (let i = 0; i < count; i++) {
      const [kind, fd, buffer, position] = slots.slice(i * 4, i * 4 + 4) as [number, number, Buffer | null, number];
      if (broken) {
        results.push('ECANCELED');
        continue;
      }
      const failure = this.failing.get(fd);
      if (failure !== undefined) {
        results.push(failure);
        broken = true;
        continue;
      }
      const result = this.run(kind, fd, buffer, position);
      results.push(result);
      if (buffer !== null && result < buffer.length) broken = true; // the kernel breaks the link
    }
    return results;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private run(kind: number, fd: number, buffer: Buffer | null, position: number): number {
    const file = this.files.get(fd) ?? [];
    this.files.set(fd, file);
    if (buffer === null) return 0;
    if (kind === NativeOpKind.write) {
      const n = Math.min(buffer.length, this.maxTransfer);
      while (file.length < position) file.push(0);
      for (let i = 0; i < n; i++) file[position + i] = buffer[i];
      return n;
    }
    const n = Math.max(0, Math.min(buffer.length, this.maxTransfer, file.length - position));
    for (let i = 0; i < n; i++) buffer[i] = file[position + i];
    return n;
  }
}

const write = (fd: number, text: string, position: number): ChainOp => ({ kind: 'write', fd, path: `/f${fd}`, buffer: Buffer.from(text), position });
const read = (fd: number, buffer: Buffer, position: number): ChainOp => ({ kind: 'read', fd, path: `/f${fd}`, buffer, position });
const sync = (fd: number): ChainOp => ({ kind: 'sync', fd, path: `/f${fd}`, dataOnly: true });
const text = (ring: FakeRing, fd: number): string => Buffer.from(ring.files.get(fd) ?? []).toString();

describe('runChain', () => {
  it('resubmits the rest of short writes, in order, until every byte landed', async () => {
    const ring = new FakeRing(8, 3);
    expect(await runChain(ring, [write(1, 'hello world', 0), sync(1), write(1, 'W', 6)])).toEqual([]);
    expect(text(ring, 1)).toBe('hello World');
    expect(ring.submissions).toEqual([3, 3, 3, 3]); // 11 bytes at 3 per step, the tail rides along
  });

  it('continues short reads, and a read at end of file lets the rest of the chain run', async () => {
    const ring = new FakeRing(8, 4);
    ring.files.set(1, [...Buffer.from('0123456789')]);
    const whole = Buffer.alloc(10);
    const pastEnd = Buffer.alloc(6, 0x2e);
    const counts = await runChain(ring, [read(1, whole, 0), read(1, pastEnd, 7), write(1, 'ab', 10), read(1, Buffer.alloc(0), 0)]);
    expect(counts).toEqual([10, 3, 0]);
    expect(whole.toString()).toBe('0123456789');
    expect(pastEnd.toString()).toBe('789...');
    expect(text(ring, 1)).toBe('0123456789ab'); // the write after the end-of-file read still ran
  });

  it('splits chains longer than the ring into segments run one after another', async () => {
    const ring = new FakeRing(4, 100);
    const ops = Array.from({ length: 10 }, (_, i) => write(1, String(i), i));
    await runChain(ring, ops);
    expect(text(ring, 1)).toBe('0123456789');
    expect(ring.submissions).toEqual([4, 4, 2]);
  });

  it('rejects with the first failure as an IoError and runs nothing after it', async () => {
    const ring = new FakeRing(8, 2);
    ring.failing.set(2, 'ENOSPC');
    const error = await runChain(ring, [write(1, 'abcd', 0), write(2, 'x', 0), write(1, 'zz', 0)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IoError);
    expect(error).toMatchObject({ operation: 'write', path: '/f2', code: 'ENOSPC' });
    expect(text(ring, 1)).toBe('abcd');
  });

  it('a write that makes no progress is EIO, not a loop', async () => {
    const ring = new FakeRing(8, 0);
    await expect(runChain(ring, [write(1, 'x', 0)])).rejects.toMatchObject({ code: 'EIO', operation: 'write' });
  });

  it('unknown error names become EIO, and a closed ring rejects as an IoError', async () => {
    const ring = new FakeRing(8, 10);
    ring.failing.set(1, 'Unknown system error -4242');
    const unknown = await runChain(ring, [sync(1)]).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'EIO', operation: 'sync' });
    expect((unknown as IoError).message).toContain('-4242');
    await ring.close();
    await expect(runChain(ring, [sync(2)])).rejects.toMatchObject({ name: 'IoError', code: 'ESHUTDOWN', path: '/f2' });
  });
});
