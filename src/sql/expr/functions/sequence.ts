// nextval, currval, setval and lastval: the sequence functions, through the session (which
// keeps the per-session "last value" PostgreSQL's currval and lastval report).
import type { FunctionTable } from './registry.js';

export const sequenceFunctions: FunctionTable = {
  nextval_oid: (args, ctx) => ctx.session.sequences.next(args[0] as number),
  currval_oid: (args, ctx) => ctx.session.sequences.current(args[0] as number),
  setval_oid: (args, ctx) => ctx.session.sequences.set(args[0] as number, args[1] as bigint, true),
  setval3_oid: (args, ctx) => ctx.session.sequences.set(args[0] as number, args[1] as bigint, args[2] as boolean),
  lastval: (_args, ctx) => ctx.session.sequences.last(),
};
