// Window frames over one sorted partition, computed as PostgreSQL's nodeWindowAgg.c computes
// them (update_frameheadpos / update_frametailpos / row_is_in_frame / WinGetFuncArgInFrame),
// so edge cases agree: ROWS bounds are clamped to the partition; RANGE and GROUPS CURRENT ROW
// mean the current row's peer group; RANGE offsets scan forward from the previous row's bound
// with the in_range function (NULL sort values ordered only by NULLS FIRST/LAST); GROUPS
// offsets count peer groups; EXCLUDE removes the current row, its peer group or its ties.
// Positions are 0-based within the partition; `tail` is exclusive.
// Requires: `seek(pos)` is called for rows in increasing order (bounds only move forward).
import { FRAME_END_OFFSET, FRAME_START_OFFSET, FrameOption } from '../analyze/frame-options.js';
import type { Value } from '../types/value.js';
import type { InRange } from './window-functions/in-range.js';

/** Peer groups of a sorted partition: rows equal in the window's ORDER BY. */
export interface PeerGroups {
  readonly size: number;
  /** Whether the window has ORDER BY (without it, all rows are peers). */
  readonly ordered: boolean;
  /** The peer group index of each row. */
  readonly groupOf: Int32Array;
  /** First row of each group, plus `size` at the end (group g is [starts[g], starts[g+1])). */
  readonly starts: number[];
}

/** A frame clause with its offsets evaluated for this execution. */
export interface FrameSpec {
  options: number;
  startOffset: Value;
  endOffset: Value;
  inRange: InRange | null;
  /** RANGE offsets: the direction and NULL placement of the single ORDER BY key. */
  ascending: boolean;
  nullsFirst: boolean;
}

const clamp = (v: number, size: number) => (v < 0 ? 0 : v > size ? size : v);

/** A ROWS or GROUPS offset (int8, checked non-negative) as a safe JS number. */
function count(v: Value): number {
  const b = v as bigint;
  return b > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(b);
}

export class FrameCursor {
  /** The current row and its frame [head, tail). */
  current = -1;
  head = 0;
  tail = 0;
  /** The current row's peer group [groupHead, groupTail). */
  groupHead = 0;
  groupTail = 0;
  /** Where the RANGE offset scans stopped (they only move forward). */
  private headScan = 0;
  private tailScan = 0;

  constructor(
    private readonly spec: FrameSpec,
    private readonly peers: PeerGroups,
    /** The ORDER BY key of a row (RANGE offsets only). */
    private readonly sortValue: (pos: number) => Value,
  ) {}

  /** Moves to row `pos` and computes its frame. */
  seek(pos: number): void {
    const { size, ordered, groupOf, starts } = this.peers;
    this.current = pos;
    const g = groupOf[pos]!;
    this.groupHead = ordered ? starts[g]! : 0;
    this.groupTail = ordered ? starts[g + 1]! : size;
    this.head = this.frameHead(pos, g);
    this.tail = this.frameTail(pos, g);
  }

  private frameHead(pos: number, g: number): number {
    const o = this.spec.options;
    const size = this.peers.size;
    if (o & FrameOption.START_UNBOUNDED_PRECEDING) return 0;
    if (o & FrameOption.START_CURRENT_ROW) return o & FrameOption.ROWS ? pos : this.groupHead;
    if (!(o & FRAME_START_OFFSET)) return 0;
    const preceding = (o & FrameOption.START_OFFSET_PRECEDING) !== 0;
    if (o & FrameOption.ROWS) {
      const n = count(this.spec.startOffset);
      return clamp(preceding ? pos - n : pos + n, size);
    }
    if (o & FrameOption.GROUPS) {
      const n = count(this.spec.startOffset);
      const group = preceding ? g - n : g + n;
      return group <= 0 ? 0 : group >= this.peers.starts.length - 1 ? size : this.peers.starts[group]!;
    }
    // RANGE: the first row (from the last head on) within offset of the current row
    let sub = preceding;
    let less = false;
    if (!this.spec.ascending) {
      sub = !sub;
      less = true;
    }
    const cur = this.sortValue(pos);
    while (this.headScan < size) {
      const head = this.sortValue(this.headScan);
      if (head === null || cur === null) {
        if (this.spec.nullsFirst ? head !== null || cur === null : head === null || cur !== null) break;
      } else if (this.spec.inRange!(head, cur, this.spec.startOffset, sub, less)) {
        break;
      }
      this.headScan++;
    }
    return this.headScan;
  }

  private frameTail(pos: number, g: number): number {
    const o = this.spec.options;
    const size = this.peers.size;
    if (o & FrameOption.END_UNBOUNDED_FOLLOWING) return size;
    if (o & FrameOption.END_CURRENT_ROW) return o & FrameOption.ROWS ? pos + 1 : this.groupTail;
    if (!(o & FRAME_END_OFFSET)) return size;
    const preceding = (o & FrameOption.END_OFFSET_PRECEDING) !== 0;
    if (o & FrameOption.ROWS) {
      const n = count(this.spec.endOffset);
      return clamp((preceding ? pos - n : pos + n) + 1, size);
    }
    if (o & FrameOption.GROUPS) {
      const n = count(this.spec.endOffset);
      const group = preceding ? g - n : g + n;
      return group < 0 ? 0 : group >= this.peers.starts.length - 1 ? size : this.peers.starts[group + 1]!;
    }
    // RANGE: past the last row within offset of the current row
    let sub = preceding;
    let less = true;
    if (!this.spec.ascending) {
      sub = !sub;
      less = false;
    }
    const cur = this.sortValue(pos);
    while (this.tailScan < size) {
      const tail = this.sortValue(this.tailScan);
      if (tail === null || cur === null) {
        if (this.spec.nullsFirst ? tail !== null : cur !== null) break;
      } else if (!this.spec.inRange!(tail, cur, this.spec.endOffset, sub, less)) {
        break;
      }
      this.tailScan++;
    }
    return this.tailScan;
  }

  /** row_is_in_frame: 1 in the frame, 0 not (but later rows may be), -1 past the frame. */
  inFrame(pos: number): -1 | 0 | 1 {
    if (pos < this.head) return 0;
    if (pos >= this.tail) return -1;
    return this.excluded(pos) ? 0 : 1;
  }

  /** Whether the EXCLUDE clause removes row `pos` from the current row's frame. */
  excluded(pos: number): boolean {
    const o = this.spec.options;
    if (o & FrameOption.EXCLUDE_CURRENT_ROW) return pos === this.current;
    if (o & FrameOption.EXCLUDE_GROUP || (o & FrameOption.EXCLUDE_TIES && pos !== this.current)) {
      return pos >= this.groupHead && pos < this.groupTail;
    }
    return false;
  }

  /**
   * The row `relpos` rows into the frame from its head (relpos >= 0) or back from its tail
   * (relpos <= 0), skipping excluded rows, or -1 when there is none (WinGetFuncArgInFrame).
   */
  rowInFrame(relpos: number, fromTail: boolean): number {
    const o = this.spec.options;
    let pos: number;
    if (!fromTail) {
      if (relpos < 0) return -1;
      pos = this.head + relpos;
      if (o & FrameOption.EXCLUDE_CURRENT_ROW) {
        if (pos >= this.current && this.current >= this.head) pos++;
      } else if (o & (FrameOption.EXCLUDE_GROUP | FrameOption.EXCLUDE_TIES)) {
        if (pos >= this.groupHead && this.groupTail > this.head) {
          const overlapStart = Math.max(this.groupHead, this.head);
          if (o & FrameOption.EXCLUDE_GROUP) pos += this.groupTail - overlapStart;
          else if (pos === overlapStart) pos = this.current;
          else pos += this.groupTail - overlapStart - 1;
        }
      }
    } else {
      if (relpos > 0) return -1;
      pos = this.tail - 1 + relpos;
      if (o & FrameOption.EXCLUDE_CURRENT_ROW) {
        if (pos <= this.current && this.current < this.tail) pos--;
      } else if (o & (FrameOption.EXCLUDE_GROUP | FrameOption.EXCLUDE_TIES)) {
        if (pos < this.groupTail && this.groupHead < this.tail) {
          const overlapEnd = Math.min(this.groupTail, this.tail);
          if (o & FrameOption.EXCLUDE_GROUP) pos -= overlapEnd - this.groupHead;
          else if (pos === overlapEnd - 1) pos = this.current;
          else pos -= overlapEnd - 1 - this.groupHead;
        }
      }
      if (o & (FrameOption.EXCLUDE_CURRENT_ROW | FrameOption.EXCLUDE_GROUP | FrameOption.EXCLUDE_TIES) && pos < this.head) return -1;
    }
    if (pos < 0 || pos >= this.peers.size) return -1;
    return this.inFrame(pos) === 1 ? pos : -1;
  }
}
