// Disk usage functions (PostgreSQL's dbsize.c): pg_relation_size, pg_table_size,
// pg_indexes_size, pg_total_relation_size and pg_database_size measure Treeline's relation
// files under base/<database>/ (a table's file holds its rows and its primary key; secondary
// indexes have files of their own); pg_size_pretty prints a size with PostgreSQL 15's units
// and rounding. Views have no storage (0). A sequence lives in the sequence store, not in a
// relation file; it is reported as the one page PostgreSQL gives a sequence.
// A relation OID with no relation gives NULL, a database name with no database 3D000.
import { join } from 'node:path';
import { DbError, SqlState } from '../../../errors.js';
import type { RelationRecord } from '../../../catalog/objects.js';
import { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import { catalogOf, relationOf, sessionOf } from './catalog-context.js';
import type { EvalContext, FunctionTable } from './registry.js';

const PAGE_SIZE = 8192;

/** Bytes of one relation file of the session's database (0 when it has none). */
function fileBytes(ctx: EvalContext, dbOid: number, relfilenode: number): number {
  if (relfilenode === 0) return 0;
  const cluster = sessionOf(ctx).cluster;
  const path = join(cluster.dataDir, 'base', String(dbOid), String(relfilenode));
  const engine = cluster.relations.engine;
  if (!engine.exists(path)) return 0;
  const file = engine.open(path, 'read');
  try {
    return engine.size(file);
  } finally {
    engine.close(file);
  }
}

/** The main fork of a relation. */
function relationBytes(ctx: EvalContext, rel: RelationRecord): number {
  if (rel.system || rel.relkind === 'v') return 0;
  if (rel.relkind === 'S') return PAGE_SIZE;
  return fileBytes(ctx, rel.dbOid, rel.relfilenode);
}

function indexesBytes(ctx: EvalContext, rel: RelationRecord): number {
  if (rel.system) return 0;
  let total = 0;
  for (const index of catalogOf(ctx).indexesOf(rel.oid)) total += relationBytes(ctx, index);
  return total;
}

function sized(ctx: EvalContext, oid: Value, measure: (rel: RelationRecord) => number): Value {
  const rel = relationOf(ctx, oid as number);
  return rel ? BigInt(measure(rel)) : null;
}

function databaseBytes(ctx: EvalContext, dbOid: number): bigint {
  const cluster = sessionOf(ctx).cluster;
  const dir = join(cluster.dataDir, 'base', String(dbOid));
  const engine = cluster.relations.engine;
  if (!engine.exists(dir)) return 0n;
  let total = 0n;
  for (const name of engine.readdir(dir)) {
    const file = engine.open(join(dir, name), 'read');
    try {
      total += BigInt(engine.size(file));
    } finally {
      engine.close(file);
    }
  }
  return total;
}

const FORKS = new Set(['main', 'fsm', 'vm', 'init']);

/** PostgreSQL 15's units: the limit below which each is used, and its power of two. */
const UNITS: { name: string; limit: bigint; round: boolean; bits: number }[] = [
  { name: 'bytes', limit: 10n * 1024n, round: false, bits: 0 },
  { name: 'kB', limit: 20n * 1024n - 1n, round: true, bits: 10 },
  { name: 'MB', limit: 20n * 1024n - 1n, round: true, bits: 20 },
  { name: 'GB', limit: 20n * 1024n - 1n, round: true, bits: 30 },
  { name: 'TB', limit: 20n * 1024n - 1n, round: true, bits: 40 },
  { name: 'PB', limit: 20n * 1024n - 1n, round: true, bits: 50 },
];

/** Bits to shift when moving from unit i to unit i + 1. */
function shiftBits(i: number): number {
  const unit = UNITS[i]!;
  const next = UNITS[i + 1]!;
  return next.bits - unit.bits - (next.round ? 1 : 0) + (unit.round ? 1 : 0);
}

export function sizePretty(bytes: bigint): string {
  let size = bytes;
  for (let i = 0; ; i++) {
    const unit = UNITS[i]!;
    const abs = size < 0n ? -size : size;
    if (i === UNITS.length - 1 || abs < unit.limit) {
      // half_rounded: C division truncates toward zero
      if (unit.round) size = (size + (size < 0n ? -1n : 1n)) / 2n;
      return `${size} ${unit.name}`;
    }
    size /= 1n << BigInt(shiftBits(i));
  }
}

function sizePrettyNumeric(bytes: Numeric): string {
  let size = bytes;
  const two = Numeric.fromInt(2);
  for (let i = 0; ; i++) {
    const unit = UNITS[i]!;
    if (i === UNITS.length - 1 || size.abs().compare(Numeric.fromInt(unit.limit)) < 0) {
      if (unit.round) size = (size.signum() >= 0 ? size.add(Numeric.ONE) : size.sub(Numeric.ONE)).divTrunc(two);
      return `${size.toString()} ${unit.name}`;
    }
    size = size.divTrunc(Numeric.fromInt(1n << BigInt(shiftBits(i))));
  }
}

export const objectSizeFunctions: FunctionTable = {
  pg_relation_size(a, ctx) {
    const fork = a[1] as string;
    if (!FORKS.has(fork)) {
      throw new DbError(SqlState.InvalidParameterValue, 'invalid fork name', { hint: 'Valid fork names are "main", "fsm", "vm", and "init".' });
    }
    return sized(ctx, a[0]!, (rel) => (fork === 'main' ? relationBytes(ctx, rel) : 0));
  },
  pg_table_size: (a, ctx) => sized(ctx, a[0]!, (rel) => relationBytes(ctx, rel)),
  pg_indexes_size: (a, ctx) => sized(ctx, a[0]!, (rel) => indexesBytes(ctx, rel)),
  pg_total_relation_size: (a, ctx) => sized(ctx, a[0]!, (rel) => relationBytes(ctx, rel) + indexesBytes(ctx, rel)),
  pg_database_size_name(a, ctx) {
    const db = catalogOf(ctx).databaseByName(a[0] as string);
    if (!db) throw new DbError(SqlState.InvalidCatalogName, `database "${a[0] as string}" does not exist`);
    return databaseBytes(ctx, db.oid);
  },
  pg_database_size_oid(a, ctx) {
    const db = catalogOf(ctx).database(a[0] as number);
    return db ? databaseBytes(ctx, db.oid) : null;
  },
  pg_relation_filenode(a, ctx) {
    const rel = relationOf(ctx, a[0] as number);
    if (!rel) return null;
    return rel.relkind === 'v' ? null : rel.system ? rel.oid : rel.relfilenode;
  },
  pg_relation_filepath(a, ctx) {
    const rel = relationOf(ctx, a[0] as number);
    if (!rel || rel.relkind === 'v' || rel.system) return null;
    return `base/${rel.dbOid}/${rel.relfilenode}`;
  },
  pg_size_pretty: (a) => sizePretty(a[0] as bigint),
  pg_size_pretty_numeric: (a) => sizePrettyNumeric(a[0] as Numeric),
};
