// Built-ins that PostgreSQL defines in SQL rather than C (pg_proc.prolang = sql), keyed by
// name and argument types (`lpad(text,int4)`). Each is written here as what its SQL body
// does, usually a call of an internal function with a fixed extra argument.
import { typeIO } from '../types/index.js';
import type { Value } from '../types/value.js';
import { functionImpl } from './functions/index.js';
import type { FnImpl, FunctionTable } from './functions/registry.js';

/** An internal function by prosrc; throws at load time if it is missing (a wiring bug). */
function internal(prosrc: string): FnImpl {
  const fn = functionImpl(prosrc);
  if (!fn) throw new Error(`internal function ${prosrc} is not implemented`);
  return fn;
}

/** Text output of a value of the call's argument type at `index`. */
function asText(args: Value[], index: number, ctx: Parameters<FnImpl>[1], call: Parameters<FnImpl>[2]): string {
  const value = args[index]!;
  const io = typeIO(call.argTypes[index]!);
  if (!io) throw new Error(`no output function for type ${call.argTypes[index]}`);
  return io.output(value, ctx.types);
}

function build(): FunctionTable {
  const lpad = internal('lpad');
  const rpad = internal('rpad');
  const quoteLiteral = internal('quote_literal');
  const bitLength = (v: Value) => (typeof v === 'string' ? Buffer.byteLength(v) : (v as Buffer).length) * 8;
  return {
    'lpad(text,int4)': (args, ctx, call) => lpad([args[0]!, args[1]!, ' '], ctx, call),
    'rpad(text,int4)': (args, ctx, call) => rpad([args[0]!, args[1]!, ' '], ctx, call),
    'textanycat(text,anynonarray)': (args, ctx, call) => (args[0] as string) + asText(args, 1, ctx, call),
    'anytextcat(anynonarray,text)': (args, ctx, call) => asText(args, 0, ctx, call) + (args[1] as string),
    'quote_literal(anyelement)': (args, ctx, call) => quoteLiteral([asText(args, 0, ctx, call)], ctx, call),
    'quote_nullable(anyelement)': (args, ctx, call) =>
      args[0] === null ? 'NULL' : quoteLiteral([asText(args, 0, ctx, call)], ctx, call),
    'bit_length(text)': (args) => bitLength(args[0]!),
    'bit_length(bytea)': (args) => bitLength(args[0]!),
  };
}

let table: FunctionTable | null = null;

/** A SQL-language built-in by key, e.g. `lpad(text,int4)`; the table is built on first use. */
export function sqlLanguageFunction(key: string): FnImpl | undefined {
  if (!table) table = build();
  return table[key];
}
