// Runs a batch as linked io_uring operations and finishes what the kernel leaves undone.
// The kernel breaks a link chain at the first failure *or short transfer* (the rest complete
// with ECANCELED), so after each submission the chain continues from the first operation that
// did not finish: a short write or read is resubmitted for its remaining bytes, a read that
// hit end of file (0 bytes) counts as done, and a failure rejects the batch as an IoError.
// Chains longer than the ring are run in segments, each after the previous one completed.
// Invariant: resubmitting is safe because every operation is idempotent (positioned reads and
// writes, syncs), so re-running one after an unexpected kernel behaviour cannot change the end state.
import { IoError } from './engine.js';
import { toIoError } from './checks.js';
import { NativeOpKind, type NativeOpSlot, type NativeRing } from './native-binding.js';

/** One operation of a chain, already checked: open fd, valid position. */
export type ChainOp =
  | { kind: 'read' | 'write'; fd: number; path: string; buffer: Buffer; position: number }
  | { kind: 'sync'; fd: number; path: string; dataOnly: boolean };

/** Runs `ops` in order as one linked chain; resolves with the byte counts of the reads. */
export async function runChain(ring: NativeRing, ops: readonly ChainOp[]): Promise<number[]> {
  const done = new Array<number>(ops.length).fill(0);
  let next = 0;
  while (next < ops.length) {
    const end = Math.min(ops.length, next + ring.capacity);
    const slots: NativeOpSlot[] = [];
    for (let i = next; i < end; i++) slots.push(...toSlots(ops[i], done[i]));
    let results: Array<number | string>;
    try {
      results = await ring.submit(slots, end - next);
    } catch (error) {
      throw toIoError(error, ops[next].kind, ops[next].path);
    }
    next = settle(ops, done, next, results);
  }
  return ops.flatMap((op, i) => (op.kind === 'read' ? [done[i]] : []));
}

/** The native slots of `op` with its first `done` bytes already transferred. */
function toSlots(op: ChainOp, done: number): NativeOpSlot[] {
  if (op.kind === 'sync') return [op.dataOnly ? NativeOpKind.fdatasync : NativeOpKind.fsync, op.fd, null, 0];
  return [NativeOpKind[op.kind], op.fd, op.buffer.subarray(done), op.position + done];
}

/**
 * Records the results of the operations submitted from `start`; returns the index the chain
 * continues from. Throws the first failure.
 */
function settle(ops: readonly ChainOp[], done: number[], start: number, results: ReadonlyArray<number | string>): number {
  for (let j = 0; j < results.length; j++) {
    const i = start + j;
    const op = ops[i];
    const result = results[j];
    if (typeof result === 'string') throw failure(op, result);
    if (op.kind === 'sync') continue;
    done[i] += result;
    if (done[i] === op.buffer.length) continue;
    if (op.kind === 'read' && result === 0) return i + 1; // end of file: this read is done
    if (result === 0) throw new IoError('write', op.path, 'EIO', `could not write file "${op.path}": no progress`);
    return i; // short transfer: resubmit the rest of this operation, then the ones after it
  }
  return start + results.length;
}

function failure(op: ChainOp, code: string): IoError {
  if (/^E[A-Z0-9]+$/.test(code)) return new IoError(op.kind, op.path, code);
  return new IoError(op.kind, op.path, 'EIO', `could not ${op.kind} file "${op.path}": EIO (${code})`);
}
