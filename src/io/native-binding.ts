// Loads the io_uring addon (native/build/Release/treeline_uring.node, built by `npm install`)
// and says whether this machine can run it: the file must load and io_uring_setup must work
// (it fails with ENOSYS on old kernels, EPERM under seccomp or kernel.io_uring_disabled).
// The answer is computed once per process; a missing addon or a refused ring is never thrown
// from here, only reported with its reason, so that `--io auto` can fall back to node:fs.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { IoError } from './engine.js';

/** One slot group per operation: [kind, fd, Buffer (null for syncs), position]. */
export type NativeOpSlot = number | Buffer | null;

export const NativeOpKind = { read: 0, write: 1, fsync: 2, fdatasync: 3 } as const;

/** The addon's `Ring` (native/src/uring_binding.h). */
export interface NativeRing {
  /** Most operations in flight at once; also the longest chain `submit` accepts. */
  readonly capacity: number;
  /**
   * Runs `count` operations as one linked chain (each starts after the previous one finished;
   * a failure or short transfer cancels the rest with ECANCELED). Resolves with one result per
   * operation: the bytes transferred, or an errno name. Rejects (ESHUTDOWN) once closed.
   */
  submit(ops: NativeOpSlot[], count: number): Promise<Array<number | string>>;
  /** Resolves after every queued and in-flight operation has completed and the ring is gone. */
  close(): Promise<void>;
}

interface NativeAddon {
  Ring: new (entries: number) => NativeRing;
}

export type UringSupport = { available: true; addon: NativeAddon } | { available: false; reason: string };

const ADDON_PATH = fileURLToPath(new URL('../../native/build/Release/treeline_uring.node', import.meta.url));

let support: UringSupport | undefined;

/** Whether io_uring can be used here, and if not, why (for the log). */
export function uringSupport(): UringSupport {
  support ??= probe();
  return support;
}

/** A new ring with at least `entries` slots; IoError (with the reason) where io_uring is unusable. */
export function openRing(entries: number): NativeRing {
  const found = uringSupport();
  if (!found.available) throw new IoError('create I/O engine', '', 'ENOSYS', `the io_uring I/O engine is not available: ${found.reason}`);
  try {
    return new found.addon.Ring(entries);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new IoError('create I/O engine', '', typeof code === 'string' ? code : 'EIO', `could not set up io_uring: ${(error as Error).message}`);
  }
}

function probe(): UringSupport {
  if (process.platform !== 'linux') return { available: false, reason: `io_uring needs Linux (this is ${process.platform})` };
  let addon: NativeAddon;
  try {
    addon = createRequire(import.meta.url)(ADDON_PATH) as NativeAddon;
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'MODULE_NOT_FOUND';
    return {
      available: false,
      reason: missing ? `the native addon was not built (${ADDON_PATH} is missing; see native/README.md)` : `the native addon did not load: ${(error as Error).message}`,
    };
  }
  try {
    void new addon.Ring(2).close();
  } catch (error) {
    return { available: false, reason: `the kernel refused io_uring (${(error as Error).message})` };
  }
  return { available: true, addon };
}
