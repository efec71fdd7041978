// COPY FROM input arrives in chunks; a reader keeps the bytes it has not consumed yet and adds
// the next chunk after them. This is that step for both readers (line-reader.ts, binary-codec.ts):
// a chunk arriving when nothing is kept is used as it is (not copied, not owned); otherwise the
// kept bytes move to the front of an owned buffer, grown by doubling (64 KiB at least), and the
// chunk is copied after them.

export interface ChunkState {
  data: Buffer;
  /** `data` is the reader's own buffer (it may be written into), not a chunk it was handed. */
  owned: boolean;
  end: number;
}

/** Keeps data[from, end) and appends `chunk` (non-empty): afterwards the kept bytes start at 0. */
export function appendChunk(state: ChunkState, from: number, chunk: Buffer): ChunkState {
  const keep = state.end - from;
  if (keep === 0) return { data: chunk, owned: false, end: chunk.length };
  const need = keep + chunk.length;
  let data = state.data;
  let owned = state.owned;
  if (owned && data.length >= need) {
    if (from > 0) data.copyWithin(0, from, state.end);
  } else {
    const grown = Buffer.allocUnsafe(Math.max(need, owned ? data.length * 2 : 64 * 1024));
    data.copy(grown, 0, from, state.end);
    data = grown;
    owned = true;
  }
  chunk.copy(data, keep);
  return { data, owned, end: need };
}
