// Activity and statistics views: pg_stat_activity (the cluster's sessions, as the cluster's
// session registry knows them), pg_stat_database, and the per-table and per-index statistics
// views, which list the database's relations with zero counters: Treeline keeps no access
// statistics. A session's state follows its transaction status; the session asking is
// 'active'. What Treeline does not track (client address, last query text, wait events) is NULL.
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord } from '../../catalog/objects.js';
import type { Session } from '../session.js';
import { catalogRelations } from './catalog-objects.js';
import { defineTables, type RowValues } from './columns.js';
import { roleByName } from './roles.js';
import { parseNumeric } from '../types/numeric.js';

const TABLE_COUNTERS =
  'seq_scan int8, seq_tup_read int8, idx_scan int8, idx_tup_fetch int8, n_tup_ins int8, n_tup_upd int8, n_tup_del int8, n_tup_hot_upd int8';
const TABLE_STATS =
  `relid oid, schemaname name, relname name, ${TABLE_COUNTERS}, n_live_tup int8, n_dead_tup int8, n_mod_since_analyze int8, ` +
  'n_ins_since_vacuum int8, last_vacuum timestamptz, last_autovacuum timestamptz, last_analyze timestamptz, last_autoanalyze timestamptz, ' +
  'vacuum_count int8, autovacuum_count int8, analyze_count int8, autoanalyze_count int8';
const TABLE_IO =
  'relid oid, schemaname name, relname name, heap_blks_read int8, heap_blks_hit int8, idx_blks_read int8, idx_blks_hit int8, ' +
  'toast_blks_read int8, toast_blks_hit int8, tidx_blks_read int8, tidx_blks_hit int8';
const INDEX_STATS = 'relid oid, indexrelid oid, schemaname name, relname name, indexrelname name, idx_scan int8, idx_tup_read int8, idx_tup_fetch int8';
const INDEX_IO = 'relid oid, indexrelid oid, schemaname name, relname name, indexrelname name, idx_blks_read int8, idx_blks_hit int8';

type Scope = 'all' | 'sys' | 'user';

function schemaOf(catalog: CatalogTxn, r: RelationRecord): string {
  const ns = catalog.get(r.namespaceOid);
  return ns?.kind === 'namespace' ? ns.name : r.namespaceOid === 11 ? 'pg_catalog' : 'information_schema';
}

function inScope(catalog: CatalogTxn, r: RelationRecord, scope: Scope): boolean {
  const system = ['pg_catalog', 'information_schema'].includes(schemaOf(catalog, r)) || schemaOf(catalog, r).startsWith('pg_toast');
  return scope === 'all' || (scope === 'sys') === system;
}

const ZERO_COUNTERS = ['seq_scan', 'seq_tup_read', 'idx_scan', 'idx_tup_fetch', 'n_tup_ins', 'n_tup_upd', 'n_tup_del', 'n_tup_hot_upd'];

function* tableStats(catalog: CatalogTxn, scope: Scope, fields: readonly string[]): Iterable<RowValues> {
  for (const { record: r } of catalogRelations(catalog)) {
    if (r.relkind !== 'r' || !inScope(catalog, r, scope)) continue;
    const row: RowValues = { relid: r.oid, schemaname: schemaOf(catalog, r), relname: r.name };
    for (const f of fields) row[f] = 0n;
    yield row;
  }
}

function* indexStats(catalog: CatalogTxn, scope: Scope, fields: readonly string[]): Iterable<RowValues> {
  for (const r of catalog.records()) {
    if (r.kind !== 'relation' || r.relkind !== 'i' || !r.index || !inScope(catalog, r, scope)) continue;
    const table = catalog.get(r.index.tableOid);
    const row: RowValues = { relid: r.index.tableOid, indexrelid: r.oid, schemaname: schemaOf(catalog, r), relname: table?.kind === 'relation' ? table.name : null, indexrelname: r.name };
    for (const f of fields) row[f] = 0n;
    yield row;
  }
}

/** A session of the cluster as pg_stat_activity shows it. */
function activityRow(asking: Session, s: Session): RowValues {
  const state =
    s === asking || s.status === 'implicit'
      ? 'active'
      : s.status === 'block'
        ? 'idle in transaction'
        : s.status === 'failed'
          ? 'idle in transaction (aborted)'
          : 'idle';
  return {
    datid: s.dbOid,
    datname: s.database,
    pid: s.backendPid,
    usesysid: roleByName(s.user)?.oid ?? null,
    usename: s.user,
    application_name: s.applicationName,
    xact_start: s.status === 'idle' ? null : s.transactionStart,
    query_start: s.statementStart === 0n ? null : s.statementStart,
    state,
    query: '',
    backend_type: 'client backend',
  };
}

function* activity(session: Session, catalog: CatalogTxn): Iterable<RowValues> {
  for (const db of catalog.allDatabases()) {
    for (const s of session.cluster.sessionsOn(db.oid)) {
      if ('backendPid' in s) yield activityRow(session, s as Session);
    }
  }
}

const tableViews = (scope: Scope, oids: [number, number, number, number, number, number]) => [
  { oid: oids[0], name: `pg_stat_${scope}_tables`, relkind: 'v' as const, rowType: oids[1], columns: TABLE_STATS, rows: ({ catalog }: { catalog: CatalogTxn }) => tableStats(catalog, scope, [...ZERO_COUNTERS, 'n_live_tup', 'n_dead_tup', 'n_mod_since_analyze', 'n_ins_since_vacuum', 'vacuum_count', 'autovacuum_count', 'analyze_count', 'autoanalyze_count']) },
  { oid: oids[2], name: `pg_statio_${scope}_tables`, relkind: 'v' as const, rowType: oids[3], columns: TABLE_IO, rows: ({ catalog }: { catalog: CatalogTxn }) => tableStats(catalog, scope, ['heap_blks_read', 'heap_blks_hit', 'idx_blks_read', 'idx_blks_hit']) },
  { oid: oids[4], name: `pg_stat_${scope}_indexes`, relkind: 'v' as const, rowType: oids[5], columns: INDEX_STATS, rows: ({ catalog }: { catalog: CatalogTxn }) => indexStats(catalog, scope, ['idx_scan', 'idx_tup_read', 'idx_tup_fetch']) },
];

defineTables([
  {
    // the WAL's counters since the server started (one group write and one fdatasync per flush)
    oid: 12293,
    name: 'pg_stat_wal',
    relkind: 'v',
    rowType: 12295,
    columns:
      'wal_records int8, wal_fpi int8, wal_bytes numeric, wal_buffers_full int8, wal_write int8, ' +
      'wal_sync int8, wal_write_time float8, wal_sync_time float8, stats_reset timestamptz',
    *rows({ session }) {
      const w = session.cluster.walStats;
      yield {
        wal_records: BigInt(w.records),
        wal_fpi: 0n,
        wal_bytes: parseNumeric(String(w.bytes)),
        wal_buffers_full: 0n,
        wal_write: BigInt(w.writes),
        wal_sync: BigInt(w.syncs),
        wal_write_time: 0,
        wal_sync_time: 0,
        stats_reset: session.cluster.startedAt,
      };
    },
  },
  {
    oid: 12222,
    name: 'pg_stat_activity',
    relkind: 'v',
    rowType: 12224,
    columns:
      'datid oid, datname name, pid int4, leader_pid int4, usesysid oid, usename name, application_name text, client_addr inet, ' +
      'client_hostname text, client_port int4, backend_start timestamptz, xact_start timestamptz, query_start timestamptz, ' +
      'state_change timestamptz, wait_event_type text, wait_event text, state text, backend_xid xid, backend_xmin xid, query_id int8, ' +
      'query text, backend_type text',
    rows: ({ session, catalog }) => activity(session, catalog),
  },
  {
    oid: 12266,
    name: 'pg_stat_database',
    relkind: 'v',
    rowType: 12268,
    columns:
      'datid oid, datname name, numbackends int4, xact_commit int8, xact_rollback int8, blks_read int8, blks_hit int8, tup_returned int8, ' +
      'tup_fetched int8, tup_inserted int8, tup_updated int8, tup_deleted int8, conflicts int8, temp_files int8, temp_bytes int8, ' +
      'deadlocks int8, checksum_failures int8, checksum_last_failure timestamptz, blk_read_time float8, blk_write_time float8, ' +
      'session_time float8, active_time float8, idle_in_transaction_time float8, sessions int8, sessions_abandoned int8, ' +
      'sessions_fatal int8, sessions_killed int8, stats_reset timestamptz',
    *rows({ session, catalog }) {
      const counters = ['xact_commit', 'xact_rollback', 'blks_read', 'blks_hit', 'tup_returned', 'tup_fetched', 'tup_inserted', 'tup_updated'];
      const more = ['tup_deleted', 'conflicts', 'temp_files', 'temp_bytes', 'deadlocks', 'sessions', 'sessions_abandoned', 'sessions_fatal', 'sessions_killed'];
      const times = ['blk_read_time', 'blk_write_time', 'session_time', 'active_time', 'idle_in_transaction_time'];
      for (const db of catalog.allDatabases()) {
        const row: RowValues = { datid: db.oid, datname: db.name, numbackends: session.cluster.sessionsOn(db.oid).length, checksum_failures: null };
        for (const c of [...counters, ...more]) row[c] = 0n;
        for (const t of times) row[t] = 0;
        yield row;
      }
    },
  },
  ...tableViews('all', [12142, 12144, 12170, 12172, 12183, 12185]),
  ...tableViews('sys', [12152, 12154, 12175, 12177, 12188, 12190]),
  ...tableViews('user', [12161, 12163, 12179, 12181, 12192, 12194]),
  {
    oid: 12196,
    name: 'pg_statio_all_indexes',
    relkind: 'v',
    rowType: 12198,
    columns: INDEX_IO,
    rows: ({ catalog }) => indexStats(catalog, 'all', ['idx_blks_read', 'idx_blks_hit']),
  },
  {
    oid: 12205,
    name: 'pg_statio_user_indexes',
    relkind: 'v',
    rowType: 12207,
    columns: INDEX_IO,
    rows: ({ catalog }) => indexStats(catalog, 'user', ['idx_blks_read', 'idx_blks_hit']),
  },
]);
