// The frame of a window as PostgreSQL's parser encodes it: a bit set (FRAMEOPTION_* of
// nodes/parsenodes.h), which libpg-query hands over unchanged in WindowDef.frameOptions.
// Analysis, planning and execution all read the same bits, so they cannot disagree on what
// a frame clause meant. Invariant: exactly one of RANGE / ROWS / GROUPS is set, one start
// bound and one end bound; the grammar already rejected impossible combinations.

export const FrameOption = {
  NONDEFAULT: 0x1,
  RANGE: 0x2,
  ROWS: 0x4,
  GROUPS: 0x8,
  BETWEEN: 0x10,
  START_UNBOUNDED_PRECEDING: 0x20,
  END_UNBOUNDED_PRECEDING: 0x40,
  START_UNBOUNDED_FOLLOWING: 0x80,
  END_UNBOUNDED_FOLLOWING: 0x100,
  START_CURRENT_ROW: 0x200,
  END_CURRENT_ROW: 0x400,
  START_OFFSET_PRECEDING: 0x800,
  END_OFFSET_PRECEDING: 0x1000,
  START_OFFSET_FOLLOWING: 0x2000,
  END_OFFSET_FOLLOWING: 0x4000,
  EXCLUDE_CURRENT_ROW: 0x8000,
  EXCLUDE_GROUP: 0x10000,
  EXCLUDE_TIES: 0x20000,
} as const;

export const FRAME_START_OFFSET = FrameOption.START_OFFSET_PRECEDING | FrameOption.START_OFFSET_FOLLOWING;
export const FRAME_END_OFFSET = FrameOption.END_OFFSET_PRECEDING | FrameOption.END_OFFSET_FOLLOWING;
export const FRAME_EXCLUSION = FrameOption.EXCLUDE_CURRENT_ROW | FrameOption.EXCLUDE_GROUP | FrameOption.EXCLUDE_TIES;
/** RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW: what an OVER clause without a frame means. */
export const FRAME_DEFAULTS = FrameOption.RANGE | FrameOption.START_UNBOUNDED_PRECEDING | FrameOption.END_CURRENT_ROW;

/** The frame mode's name as PostgreSQL uses it in messages ("argument of ROWS ..."). */
export function frameModeName(options: number): 'RANGE' | 'ROWS' | 'GROUPS' {
  return options & FrameOption.ROWS ? 'ROWS' : options & FrameOption.GROUPS ? 'GROUPS' : 'RANGE';
}
