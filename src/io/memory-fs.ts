// The in-memory file tree behind the fault-injecting engine, with two states of everything:
// each file has its current bytes and its durable bytes (as of its last sync), each directory
// its current entries and its durable entries (as of its last syncDir). powerLoss() rebuilds
// the tree from the durable states only, exactly as engine.ts's durability contract allows.
// Invariant: bytes of a file's buffer past its length are zero (so extending reads zeros).
// Paths given to this module are already absolute and normalised (path.resolve).
import path from 'node:path';
import { IoError } from './engine.js';

export interface FileNode {
  readonly kind: 'file';
  /** Current content is data[0, length); data may be larger (spare capacity, all zeros). */
  data: Buffer;
  length: number;
  /** Content as of the last successful sync. */
  durable: Buffer;
}

export interface DirNode {
  readonly kind: 'dir';
  entries: Map<string, MemoryNode>;
  /** Entries as of the last successful syncDir. */
  durable: Map<string, MemoryNode>;
}

export type MemoryNode = FileNode | DirNode;

/** Largest file the in-memory engine will hold; beyond it writes and truncates fail with EFBIG. */
export const MAX_MEMORY_FILE_SIZE = 1 << 30;

/** Where a path leads: its parent directory, its last name, and the node there (if any). */
interface Location {
  parent: DirNode;
  name: string;
  node: MemoryNode | undefined;
}

export class MemoryFs {
  private readonly root: DirNode = newDir();

  lookup(filePath: string): MemoryNode | undefined {
    try {
      return filePath === '/' ? this.root : this.locate('lookup', filePath).node;
    } catch {
      return undefined;
    }
  }

  /** Opens a regular file; creates it (empty, entry not yet durable) when `create`. */
  openFile(filePath: string, create: boolean): FileNode {
    if (filePath === '/') throw new IoError('open', filePath, 'EISDIR');
    const at = this.locate('open', filePath);
    if (at.node === undefined) {
      if (!create) throw new IoError('open', filePath, 'ENOENT');
      const file: FileNode = { kind: 'file', data: Buffer.alloc(0), length: 0, durable: Buffer.alloc(0) };
      at.parent.entries.set(at.name, file);
      return file;
    }
    if (at.node.kind === 'dir') throw new IoError('open', filePath, 'EISDIR');
    return at.node;
  }

  mkdir(dirPath: string, recursive: boolean): void {
    if (dirPath === '/') return;
    if (recursive) {
      let dir = this.root;
      let sofar = '/';
      for (const name of components(dirPath)) {
        sofar = path.posix.join(sofar, name);
        let next = dir.entries.get(name);
        if (next === undefined) {
          next = newDir();
          dir.entries.set(name, next);
        } else if (next.kind === 'file') {
          throw new IoError('mkdir', dirPath, sofar === dirPath ? 'EEXIST' : 'ENOTDIR');
        }
        dir = next;
      }
      return;
    }
    const at = this.locate('mkdir', dirPath);
    if (at.node === undefined) at.parent.entries.set(at.name, newDir());
    else if (at.node.kind === 'file') throw new IoError('mkdir', dirPath, 'EEXIST');
  }

  readdir(dirPath: string): string[] {
    return [...this.directory('readdir', dirPath).entries.keys()].sort();
  }

  /** rename(2): replaces `to` atomically; a no-op when both names lead to the same node. */
  rename(from: string, to: string): void {
    const fail = (code: string): IoError =>
      new IoError('rename', from, code, `could not rename file "${from}" to "${to}": ${code}`);
    if (from === '/' || to === '/') throw fail('EBUSY');
    let source: Location;
    let target: Location;
    try {
      // rename(2) resolves both parent directories before looking at the source entry.
      source = this.locate('rename', from);
      target = this.locate('rename', to);
    } catch (error) {
      throw fail((error as IoError).code);
    }
    if (source.node === undefined) throw fail('ENOENT');
    // Same order of checks as Linux: ancestry first, then "same file", then the entry kinds.
    if (to.startsWith(from + '/')) throw fail('EINVAL');
    if (from.startsWith(to + '/')) throw fail('ENOTEMPTY');
    if (source.node === target.node) return;
    if (target.node !== undefined) {
      if (source.node.kind === 'file' && target.node.kind === 'dir') throw fail('EISDIR');
      if (source.node.kind === 'dir' && target.node.kind === 'file') throw fail('ENOTDIR');
      if (target.node.kind === 'dir' && target.node.entries.size > 0) throw fail('ENOTEMPTY');
    }
    source.parent.entries.delete(source.name);
    target.parent.entries.set(target.name, source.node);
  }

  unlink(filePath: string): void {
    if (filePath === '/') throw new IoError('unlink', filePath, 'EISDIR');
    const at = this.locate('unlink', filePath);
    if (at.node === undefined) throw new IoError('unlink', filePath, 'ENOENT');
    if (at.node.kind === 'dir') throw new IoError('unlink', filePath, 'EISDIR');
    at.parent.entries.delete(at.name);
  }

  syncDir(dirPath: string): void {
    const dir = this.directory('syncDir', dirPath);
    dir.durable = new Map(dir.entries);
  }

  /** Creates directories that count as durable from the start (a machine's existing tree). */
  makeDurableDirs(dirPath: string): void {
    let dir = this.root;
    for (const name of components(dirPath)) {
      let next = dir.entries.get(name);
      if (next === undefined) {
        next = newDir();
        dir.entries.set(name, next);
      } else if (next.kind === 'file') {
        throw new IoError('mkdir', dirPath, 'ENOTDIR');
      }
      dir.durable.set(name, next);
      dir = next;
    }
  }

  /** Drops everything not durable: the tree reachable through durable entries, with durable bytes. */
  powerLoss(): void {
    const seen = new Set<MemoryNode>();
    const restore = (node: MemoryNode): void => {
      if (seen.has(node)) return;
      seen.add(node);
      if (node.kind === 'file') {
        node.data = Buffer.from(node.durable);
        node.length = node.durable.length;
        return;
      }
      node.entries = new Map(node.durable);
      for (const child of node.durable.values()) restore(child);
    };
    restore(this.root);
  }

  private directory(operation: string, dirPath: string): DirNode {
    const node = dirPath === '/' ? this.root : this.locate(operation, dirPath).node;
    if (node === undefined) throw new IoError(operation, dirPath, 'ENOENT');
    if (node.kind !== 'dir') throw new IoError(operation, dirPath, 'ENOTDIR');
    return node;
  }

  /** Walks to the parent of a non-root path: ENOENT for a missing parent, ENOTDIR for a file in the way. */
  private locate(operation: string, filePath: string): Location {
    const names = components(filePath);
    const name = names.pop();
    if (name === undefined) throw new IoError(operation, filePath, 'EINVAL');
    let parent = this.root;
    for (const step of names) {
      const next = parent.entries.get(step);
      if (next === undefined) throw new IoError(operation, filePath, 'ENOENT');
      if (next.kind !== 'dir') throw new IoError(operation, filePath, 'ENOTDIR');
      parent = next;
    }
    return { parent, name, node: parent.entries.get(name) };
  }
}

// ---- file content -------------------------------------------------------------------------

export function readFileNode(file: FileNode, buffer: Buffer, position: number): number {
  if (position >= file.length) return 0;
  return file.data.copy(buffer, 0, position, Math.min(file.length, position + buffer.length));
}

/** Writes `bytes` at position, extending the file with zeros as needed. Requires: size checked. */
export function writeFileNode(file: FileNode, bytes: Buffer, position: number): void {
  const end = position + bytes.length;
  if (bytes.length === 0) return;
  reserve(file, end);
  bytes.copy(file.data, position);
  file.length = Math.max(file.length, end);
}

export function truncateFileNode(file: FileNode, length: number): void {
  if (length < file.length) {
    file.data.fill(0, length, file.length);
  } else {
    reserve(file, length);
  }
  file.length = length;
}

export function syncFileNode(file: FileNode): void {
  file.durable = Buffer.from(file.data.subarray(0, file.length));
}

function reserve(file: FileNode, size: number): void {
  if (size <= file.data.length) return;
  const grown = Buffer.alloc(Math.min(MAX_MEMORY_FILE_SIZE, Math.max(size, file.data.length * 2, 4096)));
  file.data.copy(grown, 0, 0, file.length);
  file.data = grown;
}

function newDir(): DirNode {
  return { kind: 'dir', entries: new Map(), durable: new Map() };
}

function components(absolutePath: string): string[] {
  return absolutePath.split('/').filter((name) => name !== '');
}
