// Bulk load: builds a tree bottom-up from entries sorted by key, for index builds and restores.
// Leaves are filled left to right to the fill factor and linked as they go; then each inner level
// is built over the one below (separators truncated as in splits) until one node is left, which
// becomes the root. The tree must be empty; input that is unsorted or repeats a key is refused, and
// then every page the load allocated is freed again, so the tree stays empty.
import { DbError, SqlState } from '../../errors.js';
import { PageType } from '../page.js';
import type { PageGuard } from '../pagecache.js';
import { allocatePage, freePage } from '../page-allocator.js';
import {
  appendCell,
  appendInnerCell,
  INNER_CELL_HEADER,
  initNode,
  leafKeyAt,
  MAX_KEY_SIZE,
  NODE_USABLE,
  nodeCount,
  separatorBetween,
  setLeftSibling,
  setRightSibling,
  usedBytes,
} from './layout.js';
import { buildValueCell } from './overflow.js';
import type { TreeState } from './tree-state.js';

export interface BulkLoadOptions {
  /** Fraction of each node to fill, 0.1..1 (default 0.9, PostgreSQL's B-tree default). */
  fillFactor?: number;
}

const EMPTY = Buffer.alloc(0);

export function bulkLoad(t: TreeState, entries: Iterable<readonly [Buffer, Buffer]>, options: BulkLoadOptions): number {
  requireEmpty(t);
  const fill = Math.min(1, Math.max(0.1, options.fillFactor ?? 0.9));
  const limit = Math.floor(NODE_USABLE * fill);
  const allocated: number[] = [];
  let node: PageGuard | null = null;
  try {
    // Leaves; seps[i] separates children[i - 1] from children[i] (seps[0] is unused).
    let seps: Buffer[] = [];
    let children: number[] = [];
    let count = 0;
    for (const [key, value] of entries) {
      if (key.length > MAX_KEY_SIZE) {
        throw new DbError(SqlState.ProgramLimitExceeded, `index row size ${key.length} exceeds btree maximum ${MAX_KEY_SIZE} for index "${t.name}"`);
      }
      let last: Buffer | null = null;
      if (node !== null) {
        last = leafKeyAt(node.page, nodeCount(node.page) - 1);
        const c = last.compare(key);
        if (c > 0) throw new DbError(SqlState.InternalError, `bulk load input for relation ${t.name} is not sorted (entry ${count})`);
        if (c === 0) throw new DbError(SqlState.UniqueViolation, `duplicate key in bulk load input for relation ${t.name} (entry ${count})`);
      }
      const len = buildValueCell(t, key, value, allocated);
      if (node === null || usedBytes(node.page) + len + 2 > limit) {
        const leaf = allocatePage(t.cache, t.file, PageType.BtreeLeaf);
        allocated.push(leaf.pageNo);
        initNode(leaf.page, 0);
        if (node !== null) {
          setRightSibling(node.page, leaf.pageNo);
          setLeftSibling(leaf.page, node.pageNo);
          seps.push(separatorBetween(last!, key));
          node.release();
        } else {
          seps.push(EMPTY);
        }
        node = leaf;
        children.push(leaf.pageNo);
      }
      appendCell(node.page, t.cellBuf, 0, len);
      count++;
    }
    if (node !== null) node.release();
    node = null;
    if (count === 0) return 0;
    // Inner levels, until one node remains.
    let level = 1;
    while (children.length > 1) {
      const upSeps: Buffer[] = [];
      const upChildren: number[] = [];
      for (let i = 0; i < children.length; i++) {
        const sep = seps[i]!;
        // A node takes at least two children (so every level shrinks), else stops at the fill limit.
        const size = node === null ? 0 : usedBytes(node.page) + INNER_CELL_HEADER + sep.length + 2;
        if (node === null || (size > limit && nodeCount(node.page) >= 2) || size > NODE_USABLE) {
          const inner = allocatePage(t.cache, t.file, PageType.BtreeInner);
          allocated.push(inner.pageNo);
          initNode(inner.page, level);
          node?.release();
          node = inner;
          upSeps.push(sep);
          upChildren.push(inner.pageNo);
          appendInnerCell(node.page, null, children[i]!);
        } else {
          appendInnerCell(node.page, sep, children[i]!);
        }
      }
      node!.release();
      node = null;
      if (upChildren.length >= children.length) throw new DbError(SqlState.InternalError, 'bulk load: an inner level did not shrink');
      seps = upSeps;
      children = upChildren;
      level++;
    }
    const oldRoot = t.root;
    t.root = children[0]!;
    t.height = level;
    t.count = count;
    t.writeMeta();
    freePage(t.cache, t.file, oldRoot);
    return count;
  } catch (err) {
    node?.release();
    for (let i = allocated.length - 1; i >= 0; i--) {
      try {
        freePage(t.cache, t.file, allocated[i]!);
      } catch {
        // Report the original failure; a page that cannot be freed stays allocated.
      }
    }
    throw err;
  }
}

function requireEmpty(t: TreeState): void {
  let empty = t.count === 0 && t.height === 1;
  if (empty) {
    const root = t.pinNode(t.root, 0);
    empty = nodeCount(root.page) === 0;
    root.release();
  }
  if (!empty) throw new DbError(SqlState.ObjectNotInPrerequisiteState, `bulk load into relation ${t.name} needs an empty B+tree`);
}
