// Sequences named in stored expressions (column defaults): PostgreSQL turns `nextval('s')` and
// `'s'::regclass` into a regclass constant — the sequence's OID — when it stores a default, and
// records that the default depends on the sequence. Treeline stores parse trees, so a string
// naming a sequence is rewritten to `<oid>::regclass` (pinned) when a default is stored or the
// sequence is renamed or moved, and the dependencies are read back from the pinned constants.
// Invariant: a pinned tree analyzes to the same expression as the tree it came from.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { ColumnRecord } from '../../catalog/objects.js';
import type { ParseState } from '../analyze/parse-state.js';
import { analyzeExpr } from '../expr/analyze-expr.js';
import { coerceToTargetType } from '../expr/coerce.js';
import { anyExpr } from '../expr/expr-walk.js';
import type { Node } from '../parser.js';
import { Oid } from '../types/oids.js';

const SEQUENCE_FUNCTIONS = new Set(['nextval', 'currval', 'setval']);

/** The parse tree of `<oid>::regclass`. */
export function regclassConstant(oid: number): Node {
  return {
    TypeCast: {
      arg: { A_Const: { ival: { ival: oid }, location: -1 } },
      typeName: { names: [{ String: { sval: 'pg_catalog' } }, { String: { sval: 'regclass' } }], typemod: -1, location: -1 },
      location: -1,
    },
  };
}

const lastName = (names: Node[] | undefined): string | undefined => names?.[names.length - 1]?.String?.sval;

function castToRegclass(n: Record<string, Node>): Node | undefined {
  const cast = n.TypeCast;
  return cast && lastName(cast.typeName?.names as Node[] | undefined) === 'regclass' ? cast : undefined;
}

function sequenceCall(n: Record<string, Node>): Node | undefined {
  const call = n.FuncCall;
  return call && SEQUENCE_FUNCTIONS.has(lastName(call.funcname as Node[]) ?? '') ? call : undefined;
}

/**
 * `tree` with every string in a regclass position (`'s'::regclass`, the first argument of
 * nextval, currval and setval) that `resolve` maps to an OID replaced by `<oid>::regclass`.
 */
export function pinRegclassNames(tree: unknown, resolve: (name: string) => number | undefined): { tree: unknown; changed: boolean } {
  let changed = false;
  const walk = (n: unknown): unknown => {
    if (n === null || typeof n !== 'object') return n;
    if (Array.isArray(n)) return n.map(walk);
    const obj = n as Record<string, Node>;
    const cast = castToRegclass(obj);
    const castText = cast?.arg?.A_Const?.sval?.sval;
    if (typeof castText === 'string') {
      const oid = resolve(castText);
      if (oid !== undefined) {
        changed = true;
        return regclassConstant(oid);
      }
    }
    const call = sequenceCall(obj);
    const argText = call?.args?.[0]?.A_Const?.sval?.sval;
    if (call && typeof argText === 'string') {
      const oid = resolve(argText);
      if (oid !== undefined) {
        changed = true;
        return { FuncCall: { ...call, args: [regclassConstant(oid), ...(call.args as Node[]).slice(1).map(walk)] } };
      }
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, walk(v)]));
  };
  const out = walk(tree);
  return { tree: changed ? out : tree, changed };
}

const MARK = 0x40000000;

/** `tree` with each A_Const and TypeCast numbered (location MARK + k), and their own locations. */
function numberConstants(tree: unknown): { tree: unknown; locations: number[] } {
  const locations: number[] = [];
  const walk = (n: unknown): unknown => {
    if (n === null || typeof n !== 'object') return n;
    if (Array.isArray(n)) return n.map(walk);
    const out = Object.fromEntries(Object.entries(n as Record<string, unknown>).map(([k, v]) => [k, walk(v)])) as Record<string, Node>;
    for (const key of ['A_Const', 'TypeCast']) {
      const node = out[key];
      if (node) {
        out[key] = { ...node, location: MARK + locations.length };
        locations.push(node.location as number);
      }
    }
    return out;
  };
  return { tree: walk(tree), locations };
}

/**
 * A default about to be stored, with the sequences it names in regclass constants pinned by
 * OID, as PostgreSQL stores them: analyzing it (coerced to the column's type) tells which
 * literals became regclass constants.
 * Requires: the default has been analyzed and coerced without error.
 */
export function pinDefaultSequences(ps: ParseState, catalog: CatalogTxn, column: ColumnRecord, tree: Node): Node {
  const numbered = numberConstants(tree);
  const analyzed = analyzeExpr({ ps, scope: null, clause: 'DEFAULT' }, numbered.tree as Node);
  const pinned = new Map<number, number>();
  anyExpr(coerceToTargetType(ps, analyzed, column.typeOid, column.typmod, 'assignment', -1) ?? analyzed, (x) => {
    if (x.kind === 'const' && x.type === Oid.regclass && typeof x.value === 'number' && x.location >= MARK) {
      const r = catalog.get(x.value);
      if (r?.kind === 'relation' && r.relkind === 'S') pinned.set(x.location, x.value);
    }
    return false;
  });
  if (pinned.size === 0) return tree;
  const restore = (n: unknown): unknown => {
    if (n === null || typeof n !== 'object') return n;
    if (Array.isArray(n)) return n.map(restore);
    const obj = n as Record<string, Node>;
    for (const key of ['TypeCast', 'A_Const']) {
      const oid = obj[key] ? pinned.get(obj[key].location as number) : undefined;
      if (oid !== undefined) return regclassConstant(oid);
    }
    const out = Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, restore(v)])) as Record<string, Node>;
    for (const key of ['A_Const', 'TypeCast']) {
      if (out[key]) out[key] = { ...out[key], location: numbered.locations[(out[key].location as number) - MARK]! };
    }
    return out;
  };
  return restore(numbered.tree) as Node;
}

/** The relations a stored tree names by OID (its pinned regclass constants): what it depends on. */
export function pinnedRelations(tree: unknown): Set<number> {
  const out = new Set<number>();
  const walk = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const obj = n as Record<string, Node>;
    const oid: unknown = castToRegclass(obj)?.arg?.A_Const?.ival?.ival;
    if (typeof oid === 'number') out.add(oid);
    for (const v of Object.values(obj)) walk(v);
  };
  walk(tree);
  return out;
}
