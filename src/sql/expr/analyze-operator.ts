// Operator calls (PostgreSQL's make_op / oper_select_candidate): `a + b`, `-a`,
// `OPERATOR(pg_catalog.=)`. The operator is chosen from pg_operator with PostgreSQL's rules,
// its arguments are coerced to the declared types, and the call runs the operator's function.
import { builtins, type OperatorRow } from '../../catalog/builtins.js';
import { SqlState } from '../../errors.js';
import type { ParseState } from '../analyze/parse-state.js';
import { coerceType, isPolymorphic, resolvePolymorphicTypes } from './coerce.js';
import type { Expr, FuncExpr } from './expr.js';
import { exactBinaryOperator, operatorCandidates, resolveCandidates } from './resolve-function.js';

function signature(ps: ParseState, name: string, left: number | null, right: number): string {
  return left === null ? `${name} ${ps.typeText(right)}` : `${ps.typeText(left)} ${name} ${ps.typeText(right)}`;
}

/** Resolves `left name right` (left null for a prefix operator) to an operator row. */
export function resolveOperator(ps: ParseState, names: string[], left: number | null, right: number, location: number): OperatorRow {
  const name = names[names.length - 1]!;
  const schema = names.length > 1 ? names[names.length - 2] : undefined;
  if (schema !== undefined && schema !== 'pg_catalog') {
    throw ps.error(SqlState.UndefinedFunction, `operator does not exist: ${signature(ps, names.join('.'), left, right)}`, location);
  }
  if (left !== null) {
    const exact = exactBinaryOperator(name, left, right);
    if (exact) return exact;
  } else {
    const exact = (builtins().operatorsByName.get(name) ?? []).find((o) => o.oprkind === 'l' && o.oprright === right);
    if (exact) return exact;
  }
  const inputs = left === null ? [right] : [left, right];
  const result = resolveCandidates(inputs, operatorCandidates(name, left === null ? 'l' : 'b'));
  if (result.kind === 'found') return result.candidate.item;
  if (result.kind === 'ambiguous') {
    throw ps.error(SqlState.AmbiguousFunction, `operator is not unique: ${signature(ps, name, left, right)}`, location, {
      hint: 'Could not choose a best candidate operator. You might need to add explicit type casts.',
    });
  }
  throw ps.error(SqlState.UndefinedFunction, `operator does not exist: ${signature(ps, name, left, right)}`, location, {
    hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.',
  });
}

/** Builds the typed call of an operator. */
export function makeOperator(ps: ParseState, names: string[], left: Expr | null, right: Expr, location: number): Expr {
  const op = resolveOperator(ps, names, left ? left.type : null, right.type, location);
  const proc = builtins().procByOid.get(op.oprcodeoid);
  if (!proc) throw ps.error(SqlState.InternalError, `cache lookup failed for function ${op.oprcode}`, location);
  const inputs = left ? [left, right] : [right];
  let declared = left ? [op.oprleft, op.oprright] : [op.oprright];
  let resultType = op.oprresult;
  if (declared.some(isPolymorphic) || isPolymorphic(resultType)) {
    const resolved = resolvePolymorphicTypes(
      inputs.map((e) => e.type),
      declared,
      resultType,
    );
    if (resolved) {
      resultType = resolved.pop()!;
      declared = resolved;
    }
  }
  const args = inputs.map((e, i) => coerceType(ps, e, declared[i]!, -1, 'implicit', location));
  const call: FuncExpr = { kind: 'func', proc, operator: op, args, type: resultType, typmod: -1, format: 'operator', location };
  return call;
}
