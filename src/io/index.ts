// Entry point of the I/O layer: the engine interface, its implementations, and the choice of
// engine from `--io uring|sync|auto`. Storage code imports from here and holds an IoEngine,
// never a concrete engine, so tests can hand it the fault-injecting one instead.
// 'auto' means io_uring where the addon is built and the kernel allows a ring, else node:fs;
// 'uring' insists on io_uring and fails with the reason it cannot be had.
import { IoError, type IoEngine } from './engine.js';
import { uringSupport } from './native-binding.js';
import { NodeFsEngine } from './node-fs.js';
import { UringEngine, ringEntriesOf, type UringEngineOptions } from './uring-engine.js';

export { IoError, type FileHandle, type IoEngine, type IoOp, type OpenMode } from './engine.js';
export { NodeFsEngine } from './node-fs.js';
export { UringEngine, DEFAULT_RING_ENTRIES, type UringEngineOptions } from './uring-engine.js';
export { uringSupport } from './native-binding.js';
export {
  FaultInjectingEngine,
  type CountedOp,
  type FaultInjectingOptions,
  type FaultOp,
  type FaultRule,
} from './fault-injecting.js';

export type IoEngineKind = 'sync' | 'uring' | 'auto';

export const IO_ENGINE_KINDS: readonly IoEngineKind[] = ['uring', 'sync', 'auto'];

export interface CreateIoEngineOptions extends UringEngineOptions {
  /** Told which engine was chosen and, for 'auto' without io_uring, why (an info log line). */
  report?: (message: string) => void;
}

/** The engine for `--io <kind>`. Throws an IoError for 'uring' where io_uring cannot be set up. */
export function createIoEngine(kind: IoEngineKind, options: CreateIoEngineOptions = {}): IoEngine {
  const report = options.report ?? (() => {});
  switch (kind) {
    case 'sync':
      report('I/O engine: node:fs (--io sync)');
      return new NodeFsEngine();
    case 'uring': {
      const engine = new UringEngine(options);
      report(`I/O engine: io_uring (--io uring, ${engine.capacity} entries)`);
      return engine;
    }
    case 'auto': {
      ringEntriesOf(options); // a bad option is the caller's error, not a reason to fall back
      const support = uringSupport();
      if (support.available) {
        try {
          const engine = new UringEngine(options);
          report(`I/O engine: io_uring (--io auto, ${engine.capacity} entries)`);
          return engine;
        } catch (error) {
          report(`I/O engine: node:fs (--io auto: ${(error as Error).message})`);
          return new NodeFsEngine();
        }
      }
      report(`I/O engine: node:fs (--io auto: io_uring is not available: ${support.reason})`);
      return new NodeFsEngine();
    }
    default:
      throw new IoError('create I/O engine', '', 'EINVAL', `unknown I/O engine kind "${String(kind)}" (expected uring, sync or auto)`);
  }
}
