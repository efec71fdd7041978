// Built-ins that PostgreSQL defines in SQL rather than C (pg_proc.prolang = sql), keyed by
// name and argument types (`lpad(text,int4)`). Each is written here as what its SQL body
// does, usually a call of an internal function with a fixed extra argument.
import { typeIO } from '../types/index.js';
import { Numeric } from '../types/numeric.js';
import { USECS_PER_DAY, type Value } from '../types/value.js';
import { functionImpl } from './functions/index.js';
import { catalogSqlFunctions } from './functions/catalog-sql-functions.js';
import type { CallInfo, EvalContext, FnImpl, FunctionTable } from './functions/registry.js';

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
  const regexSubstr = internal('textregexsubstr');
  const similarToEscape = internal('similar_to_escape_2');
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
    // substring(s SIMILAR pattern ESCAPE e) = substring($1, similar_to_escape($2, $3))
    'substring(text,text,text)': (args, ctx, call) => regexSubstr([args[0]!, similarToEscape([args[1]!, args[2]!], ctx, call)], ctx, call),
    'bit_length(bytea)': (args) => bitLength(args[0]!),
    ...numericAndDatetime(),
    ...catalogSqlFunctions,
  };
}

/** Numeric and date/time built-ins written in SQL (round(numeric) = round($1, 0), ...). */
function numericAndDatetime(): FunctionTable {
  const round = internal('numeric_round');
  const trunc = internal('numeric_trunc');
  const log = internal('numeric_log');
  const ten = Numeric.fromInt(10);
  const timestampPart = internal('timestamp_part');
  const dateTimestamp = internal('date_timestamp');
  const dateTimestamptz = internal('date_timestamptz');
  const timestampAge = internal('timestamp_age');
  const timestamptzAge = internal('timestamptz_age');
  const datetimePl = internal('datetime_timestamp');
  const timestampTimestamptz = internal('timestamp_timestamptz');
  const datePli = internal('date_pli');
  const datePlInterval = internal('date_pl_interval');
  const timestampPlInterval = internal('timestamp_pl_interval');
  const timestamptzPlInterval = internal('timestamptz_pl_interval');
  const timePlInterval = internal('time_pl_interval');
  const overlapsFn = internal('overlaps_timestamp');
  /** current_date: the transaction's start date in the session zone. */
  const currentDate = (ctx: EvalContext): number => {
    const start = ctx.types.transactionStart();
    const local = start + BigInt(ctx.types.timeZone.offsetAtUtc(start)) * 1_000_000n;
    const days = local / USECS_PER_DAY;
    return Number(local < 0n && days * USECS_PER_DAY !== local ? days - 1n : days);
  };
  /** ($1, $1 + $2) OVERLAPS ($3, $3 + $4) with either period given as start and interval. */
  const overlapsWith = (plus: FnImpl, firstIsInterval: boolean, secondIsInterval: boolean): FnImpl => {
    const end = (start: Value, v: Value, isInterval: boolean, ctx: EvalContext, call: CallInfo): Value =>
      !isInterval ? v : start === null || v === null ? null : plus([start, v], ctx, call);
    return (args, ctx, call) =>
      overlapsFn(
        [args[0]!, end(args[0]!, args[1]!, firstIsInterval, ctx, call), args[2]!, end(args[2]!, args[3]!, secondIsInterval, ctx, call)],
        ctx,
        call,
      );
  };
  return {
    'round(numeric)': (args, ctx, call) => round([args[0]!, 0], ctx, call),
    'trunc(numeric)': (args, ctx, call) => trunc([args[0]!, 0], ctx, call),
    'log(numeric)': (args, ctx, call) => log([ten, args[0]!], ctx, call),
    'log10(numeric)': (args, ctx, call) => log([ten, args[0]!], ctx, call),
    'date_part(text,date)': (args, ctx, call) => timestampPart([args[0]!, dateTimestamp([args[1]!], ctx, call)], ctx, call),
    'age(timestamp)': (args, ctx, call) => timestampAge([dateTimestamp([currentDate(ctx)], ctx, call), args[0]!], ctx, call),
    'age(timestamptz)': (args, ctx, call) => timestamptzAge([dateTimestamptz([currentDate(ctx)], ctx, call), args[0]!], ctx, call),
    'timedate_pl(time,date)': (args, ctx, call) => datetimePl([args[1]!, args[0]!], ctx, call),
    'timestamptz(date,time)': (args, ctx, call) => timestampTimestamptz([datetimePl(args, ctx, call)], ctx, call),
    'integer_pl_date(int4,date)': (args, ctx, call) => datePli([args[1]!, args[0]!], ctx, call),
    'interval_pl_date(interval,date)': (args, ctx, call) => datePlInterval([args[1]!, args[0]!], ctx, call),
    'interval_pl_timestamp(interval,timestamp)': (args, ctx, call) => timestampPlInterval([args[1]!, args[0]!], ctx, call),
    'interval_pl_timestamptz(interval,timestamptz)': (args, ctx, call) => timestamptzPlInterval([args[1]!, args[0]!], ctx, call),
    'interval_pl_time(interval,time)': (args, ctx, call) => timePlInterval([args[1]!, args[0]!], ctx, call),
    'overlaps(timestamp,interval,timestamp,interval)': overlapsWith(timestampPlInterval, true, true),
    'overlaps(timestamp,timestamp,timestamp,interval)': overlapsWith(timestampPlInterval, false, true),
    'overlaps(timestamp,interval,timestamp,timestamp)': overlapsWith(timestampPlInterval, true, false),
    'overlaps(timestamptz,interval,timestamptz,interval)': overlapsWith(timestamptzPlInterval, true, true),
    'overlaps(timestamptz,timestamptz,timestamptz,interval)': overlapsWith(timestamptzPlInterval, false, true),
    'overlaps(timestamptz,interval,timestamptz,timestamptz)': overlapsWith(timestamptzPlInterval, true, false),
    'overlaps(time,interval,time,interval)': overlapsWith(timePlInterval, true, true),
    'overlaps(time,time,time,interval)': overlapsWith(timePlInterval, false, true),
    'overlaps(time,interval,time,time)': overlapsWith(timePlInterval, true, false),
  };
}

let table: FunctionTable | null = null;

/** A SQL-language built-in by key, e.g. `lpad(text,int4)`; the table is built on first use. */
export function sqlLanguageFunction(key: string): FnImpl | undefined {
  if (!table) table = build();
  return table[key];
}
