// Entry point of the I/O layer: the engine interface, its implementations, and the choice of
// engine from `--io sync|uring|auto`. Storage code imports from here and holds an IoEngine,
// never a concrete engine, so tests can hand it the fault-injecting one instead.
// 'auto' means io_uring where available, else node:fs; until the native addon lands (with the
// durability issue) it is always node:fs, and asking for 'uring' explicitly is an error.
import { IoError, type IoEngine } from './engine.js';
import { NodeFsEngine } from './node-fs.js';

export { IoError, type FileHandle, type IoEngine, type IoOp, type OpenMode } from './engine.js';
export { NodeFsEngine } from './node-fs.js';
export {
  FaultInjectingEngine,
  type CountedOp,
  type FaultInjectingOptions,
  type FaultOp,
  type FaultRule,
} from './fault-injecting.js';

export type IoEngineKind = 'sync' | 'uring' | 'auto';

/** The engine for `--io <kind>`. Throws an IoError (ENOSYS) for 'uring' while io_uring is missing. */
export function createIoEngine(kind: IoEngineKind): IoEngine {
  switch (kind) {
    case 'sync':
    case 'auto':
      return new NodeFsEngine();
    case 'uring':
      throw new IoError(
        'create I/O engine',
        '',
        'ENOSYS',
        'the io_uring I/O engine is not available yet: it arrives with the durability work (native addon); use --io sync or --io auto',
      );
    default:
      throw new IoError('create I/O engine', '', 'EINVAL', `unknown I/O engine kind "${String(kind)}" (expected sync, uring or auto)`);
  }
}
