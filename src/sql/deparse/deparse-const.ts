// Constants as PostgreSQL's ruleutils prints them (get_const_expr): a non-negative integer,
// a numeric that reads back as numeric (has '.' or 'e') and a boolean stand bare; everything
// else is a quoted literal with a `::type` label so it reads back with its type; NULL is
// `NULL::type`. `showType` is ruleutils' showtype: -1 never labels, 0 labels where needed,
// 1 always labels.
import { typeIO } from '../types/index.js';
import type { TypeContext } from '../types/typeio.js';
import { Oid } from '../types/oids.js';
import type { ConstExpr } from '../expr/expr.js';

/** A string literal as simple_quote_literal writes it (standard_conforming_strings on). */
export function quoteLiteral(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** The text of a value of type `type` through its output function. */
export function constText(c: ConstExpr, types: TypeContext): string {
  if (c.type === Oid.unknown || typeof c.value === 'string') return c.value as string;
  const io = typeIO(c.type);
  if (!io) return String(c.value);
  return io.output(c.value, types);
}

export function deparseConst(c: ConstExpr, showType: -1 | 0 | 1, types: TypeContext, typeName: (oid: number, typmod: number) => string): string {
  if (c.value === null) return showType >= 0 ? `NULL::${typeName(c.type, c.typmod)}` : 'NULL';
  const text = constText(c, types);
  let out: string;
  let needLabel = false;
  switch (c.type) {
    case Oid.int4:
      if (!text.startsWith('-')) out = text;
      else {
        out = `'${text}'`;
        needLabel = true;
      }
      break;
    case Oid.numeric:
      if (/^[0-9]/.test(text) && /[eE.]/.test(text)) out = text;
      else {
        out = `'${text}'`;
        needLabel = true;
      }
      break;
    case Oid.bool:
      out = c.value === true ? 'true' : 'false';
      break;
    default:
      out = quoteLiteral(text);
      break;
  }
  if (showType < 0) return out;
  switch (c.type) {
    case Oid.bool:
    case Oid.unknown:
      needLabel = false;
      break;
    case Oid.int4:
      break;
    case Oid.numeric:
      needLabel ||= c.typmod >= 0;
      break;
    default:
      needLabel = true;
  }
  return needLabel || showType > 0 ? `${out}::${typeName(c.type, c.typmod)}` : out;
}
