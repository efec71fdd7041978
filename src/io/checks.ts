// Argument checks and error wrapping shared by every I/O engine, so that all of them reject the
// same bad calls with the same IoError (the behavioural suite runs against each engine).
// Invariant: positions and lengths that reach a system call are safe non-negative integers
// (node:fs would read "at the current offset" for -1, which would corrupt a file silently).
import { IoError, type IoOp } from './engine.js';

/** Throws IoError EINVAL unless `value` is an integer in [0, 2^53). */
export function checkOffset(operation: string, path: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new IoError(operation, path, 'EINVAL', `could not ${operation} file "${path}": invalid offset ${value}`);
  }
}

/** Throws IoError EINVAL for an op kind that is not part of IoOp (a caller bug). */
export function checkOpKind(op: IoOp): void {
  const kind: string = op.op;
  if (kind !== 'read' && kind !== 'write' && kind !== 'sync') {
    throw new IoError('submit', op.file?.path ?? '', 'EINVAL', `unknown I/O operation "${kind}"`);
  }
}

/** Wraps any error thrown by node:fs into an IoError (non-errno errors become EIO). */
export function toIoError(error: unknown, operation: string, path: string, target?: string): IoError {
  if (error instanceof IoError) return error;
  const code = errnoCode(error) ?? 'EIO';
  const what = target === undefined ? `file "${path}"` : `file "${path}" to "${target}"`;
  const reason = error instanceof Error && errnoCode(error) === undefined ? `${code} (${error.message})` : code;
  return new IoError(operation, path, code, `could not ${operation} ${what}: ${reason}`);
}

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}
