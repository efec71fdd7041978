// print(): the tree drawn node by node, depth first and indented by depth (BusTub's habit), and
// describePage(): one page of a tree file (meta, node, overflow or free) in words, for
// scripts/btree-dump.mjs. Keys print as text when they are printable ASCII, else as hex.
//
//   B+tree base/5/16384: height 2, 3 entries, root 3
//   inner 3 (level 1): [1] "b" [2]
//     leaf 1 (prev 0, next 2): "a"
//     leaf 2 (prev 1, next 0): "b" "c"
import { OFF_SPECIAL, PageType } from '../page.js';
import { META_OFF_FREE_COUNT, META_OFF_FREE_HEAD, META_OFF_PAGE_COUNT } from '../pagefile.js';
import {
  innerChild,
  innerKeyAt,
  leafKeyAt,
  leafValueField,
  leftSibling,
  nodeCount,
  nodeLevel,
  rightSibling,
  slotOffset,
  u32,
  usedBytes,
  VALUE_COMPRESSED,
  VALUE_LENGTH_MASK,
  VALUE_OVERFLOW,
} from './layout.js';
import { OVF_OFF_LENGTH, OVF_OFF_NEXT, overflowRef } from './overflow.js';
import { readTreeMeta, type TreeState } from './tree-state.js';

export interface PrintOptions {
  /** Keys shown per node (default 16; the rest are counted). */
  maxKeys?: number;
  /** Bytes shown per key (default 24). */
  maxKeyBytes?: number;
  /** Also show each leaf entry's value size and storage. */
  values?: boolean;
}

/** A key as text when printable ASCII, else as hex; long keys are cut. */
export function formatKey(key: Buffer, maxBytes = 24): string {
  const cut = key.length > maxBytes;
  const shown = cut ? key.subarray(0, maxBytes) : key;
  let printable = true;
  for (let i = 0; i < shown.length; i++) {
    const b = shown[i]!;
    if (b < 0x20 || b > 0x7e || b === 0x22 || b === 0x5c) printable = false;
  }
  const text = printable ? `"${shown.toString('latin1')}"` : `0x${shown.toString('hex')}`;
  return cut ? `${text}…(${key.length})` : text;
}

function valueNote(page: Buffer, off: number): string {
  const field = leafValueField(page, off);
  const len = field & VALUE_LENGTH_MASK;
  if ((field & VALUE_OVERFLOW) !== 0) {
    const ref = overflowRef(page, off)!;
    return `=<${ref.length} bytes in overflow ${ref.first}${ref.codec ? `, lz4 ${ref.stored}` : ''}>`;
  }
  return (field & VALUE_COMPRESSED) !== 0 ? `=<lz4 ${len}>` : `=<${len}>`;
}

/** One line describing a tree node. */
export function describeNode(page: Buffer, pageNo: number, options: PrintOptions = {}): string {
  const maxKeys = options.maxKeys ?? 16;
  const maxKeyBytes = options.maxKeyBytes ?? 24;
  const n = nodeCount(page);
  const shown = Math.min(n, maxKeys);
  const parts: string[] = [];
  const level = nodeLevel(page);
  if (level === 0) {
    for (let i = 0; i < shown; i++) {
      parts.push(formatKey(leafKeyAt(page, i), maxKeyBytes) + (options.values ? valueNote(page, slotOffset(page, i)) : ''));
    }
    const more = n > shown ? ` …(+${n - shown})` : '';
    return `leaf ${pageNo} (prev ${leftSibling(page)}, next ${rightSibling(page)}, ${n} entries, ${usedBytes(page)} bytes): ${parts.join(' ')}${more}`;
  }
  for (let i = 0; i < shown; i++) {
    if (i > 0) parts.push(formatKey(innerKeyAt(page, i), maxKeyBytes));
    parts.push(`[${innerChild(page, i)}]`);
  }
  const more = n > shown ? ` …(+${n - shown} children)` : '';
  return `inner ${pageNo} (level ${level}, ${n} children, ${usedBytes(page)} bytes): ${parts.join(' ')}${more}`;
}

export function printTree(t: TreeState, options: PrintOptions = {}): string {
  const lines = [`B+tree ${t.name}: height ${t.height}, ${t.count} entries, root ${t.root}${t.unique ? ', unique' : ''}`];
  const visit = (pageNo: number, depth: number): void => {
    const g = t.pinNode(pageNo, t.height - 1 - depth);
    const page = Buffer.from(g.page);
    g.release();
    lines.push('  '.repeat(depth) + describeNode(page, pageNo, options));
    if (depth < t.height - 1) for (let i = 0; i < nodeCount(page); i++) visit(innerChild(page, i), depth + 1);
  };
  visit(t.root, 0);
  return lines.join('\n');
}

/** Any page of a B+tree file, in words. */
export function describePage(page: Buffer, pageNo: number, options: PrintOptions = {}): string {
  const type = page[12];
  switch (type) {
    case PageType.New:
      return `page ${pageNo}: new (never written)`;
    case PageType.Meta: {
      const tree = readTreeMeta(page);
      const space = `${page.readUInt32BE(META_OFF_PAGE_COUNT)} pages, free list ${page.readUInt32BE(META_OFF_FREE_HEAD)} (${page.readUInt32BE(META_OFF_FREE_COUNT)} free)`;
      const owner = tree === null ? 'no B+tree' : `B+tree root ${tree.root}, height ${tree.height}, ${tree.count} entries${tree.unique ? ', unique' : ''}`;
      return `page ${pageNo}: meta: ${space}; ${owner}`;
    }
    case PageType.Free:
      return `page ${pageNo}: free, next free ${u32(page, OFF_SPECIAL)}`;
    case PageType.BtreeLeaf:
    case PageType.BtreeInner:
      return `page ${pageNo}: ${describeNode(page, pageNo, options)}`;
    case PageType.Overflow:
      return `page ${pageNo}: overflow, ${u32(page, OVF_OFF_LENGTH)} bytes, next ${u32(page, OVF_OFF_NEXT)}`;
    default:
      return `page ${pageNo}: unknown type ${type}`;
  }
}
