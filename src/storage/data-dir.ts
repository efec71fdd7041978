// The data directory: created on first start (with a format marker), checked on every start,
// and locked by a pid file so two servers never share it. Layout so far:
//   TREELINE_VERSION   format of the directory ("1")
//   treeline.pid       pid of the server using it (removed at clean shutdown)
// Tables, indexes, the catalog log and the WAL join it in later issues.
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

export const DATA_DIR_FORMAT = '1';
const VERSION_FILE = 'TREELINE_VERSION';
const PID_FILE = 'treeline.pid';

/** A data directory that cannot be used; the message says why. */
export class DataDirError extends Error {}

/** Directories this process holds, so two embedded servers cannot share one either. */
const lockedHere = new Set<string>();

export interface DataDir {
  readonly path: string;
  /** Removes the lock (clean shutdown). */
  release(): void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Opens (creating it if needed) and locks a data directory. Throws DataDirError. */
export function openDataDir(path: string): DataDir {
  const dir = resolve(path);
  try {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!statSync(dir).isDirectory()) throw new DataDirError(`data directory "${dir}" is not a directory`);
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (err) {
    if (err instanceof DataDirError) throw err;
    throw new DataDirError(`could not use data directory "${dir}": ${(err as Error).message}`);
  }
  const versionPath = join(dir, VERSION_FILE);
  if (existsSync(versionPath)) {
    const version = readFileSync(versionPath, 'utf8').trim();
    if (version !== DATA_DIR_FORMAT) {
      throw new DataDirError(`data directory "${dir}" has format ${version}; this server reads format ${DATA_DIR_FORMAT}`);
    }
  } else {
    if (readdirSync(dir).some((e) => !e.startsWith('.'))) {
      throw new DataDirError(`directory "${dir}" exists, is not empty and is not a Treeline data directory`);
    }
    writeFileSync(versionPath, `${DATA_DIR_FORMAT}\n`);
  }
  if (lockedHere.has(dir)) throw new DataDirError(`data directory "${dir}" is in use by another server in this process`);
  lockPidFile(join(dir, PID_FILE), dir);
  lockedHere.add(dir);
  let released = false;
  return {
    path: dir,
    release() {
      if (released) return;
      released = true;
      lockedHere.delete(dir);
      rmSync(join(dir, PID_FILE), { force: true });
    },
  };
}

function lockPidFile(pidPath: string, dir: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(pidPath, 'wx', 0o600);
      writeFileSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new DataDirError(`could not create lock file "${pidPath}": ${(err as Error).message}`);
      }
      const pid = Number.parseInt(readFileSync(pidPath, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new DataDirError(`data directory "${dir}" is in use by another server (pid ${pid})`);
      }
      rmSync(pidPath, { force: true }); // a stale lock left by a server that died
    }
  }
  throw new DataDirError(`could not lock data directory "${dir}"`);
}
