// pg_catalog relations that are empty in Treeline, with PostgreSQL 15's OIDs and columns, so
// that clients which read them (pg_dump, psql's \d family, ORMs) get their usual answer.
// ABSENT lists catalogs of things Treeline does not have (triggers, rules, policies,
// inheritance, foreign data, publications, large objects, ...): empty is the true answer.
// NOT_REPRODUCED lists catalogs where PostgreSQL has built-in rows that Treeline does not
// reproduce (operator classes, text search configurations, statistics, server files, ...).
import { defineTables } from './columns.js';

type Empty = [oid: number, name: string, relkind: 'r' | 'v', rowType: number, columns: string];

const ABSENT: Empty[] = [
  [826, 'pg_default_acl', 'r', 10088,
      'oid oid!, defaclrole oid!, defaclnamespace oid!, defaclobjtype char!, defaclacl _aclitem!'],
  [3466, 'pg_event_trigger', 'r', 10039,
      'oid oid!, evtname name!, evtevent name!, evtowner oid!, evtfoid oid!, evtenabled char!, ' +
      'evttags _text'],
  [2328, 'pg_foreign_data_wrapper', 'r', 10076,
      'oid oid!, fdwname name!, fdwowner oid!, fdwhandler oid!, fdwvalidator oid!, fdwacl _aclitem, ' +
      'fdwoptions _text'],
  [1417, 'pg_foreign_server', 'r', 10078,
      'oid oid!, srvname name!, srvowner oid!, srvfdw oid!, srvtype text, srvversion text, srvacl _aclitem, ' +
      'srvoptions _text'],
  [3118, 'pg_foreign_table', 'r', 10082,
      'ftrelid oid!, ftserver oid!, ftoptions _text'],
  [12118, 'pg_ident_file_mappings', 'v', 12120,
      'line_number int4, map_name text, sys_name text, pg_username text, error text'],
  [2611, 'pg_inherits', 'r', 10005,
      'inhrelid oid!, inhparent oid!, inhseqno int4!, inhdetachpending bool!'],
  [2613, 'pg_largeobject', 'r', 10025,
      'loid oid!, pageno int4!, data bytea!'],
  [2995, 'pg_largeobject_metadata', 'r', 10023,
      'oid oid!, lomowner oid!, lomacl _aclitem'],
  [6243, 'pg_parameter_acl', 'r', 10097,
      'oid oid!, parname text!, paracl _aclitem'],
  [3350, 'pg_partitioned_table', 'r', 10099,
      'partrelid oid!, partstrat char!, partnatts int2!, partdefid oid!, partattrs int2vector!, ' +
      'partclass oidvector!, partcollation oidvector!, partexprs pg_node_tree'],
  [12018, 'pg_policies', 'v', 12020,
      'schemaname name, tablename name, policyname name, permissive text, roles _name, cmd text, qual text, ' +
      'with_check text'],
  [3256, 'pg_policy', 'r', 10084,
      'oid oid!, polname name!, polrelid oid!, polcmd char!, polpermissive bool!, polroles _oid!, ' +
      'polqual pg_node_tree, polwithcheck pg_node_tree'],
  [12090, 'pg_prepared_xacts', 'v', 12092,
      'transaction xid, gid text, prepared timestamptz, owner name, database name'],
  [6104, 'pg_publication', 'r', 10107,
      'oid oid!, pubname name!, pubowner oid!, puballtables bool!, pubinsert bool!, pubupdate bool!, ' +
      'pubdelete bool!, pubtruncate bool!, pubviaroot bool!'],
  [6237, 'pg_publication_namespace', 'r', 10109,
      'oid oid!, pnpubid oid!, pnnspid oid!'],
  [6106, 'pg_publication_rel', 'r', 10111,
      'oid oid!, prpubid oid!, prrelid oid!, prqual pg_node_tree, prattrs int2vector'],
  [12068, 'pg_publication_tables', 'v', 12070,
      'pubname name, schemaname name, tablename name, attnames _name, rowfilter text'],
  [6000, 'pg_replication_origin', 'r', 10086,
      'roident oid!, roname text!'],
  [12332, 'pg_replication_origin_status', 'v', 12334,
      'local_id oid, external_id text, remote_lsn pg_lsn, local_lsn pg_lsn'],
  [12257, 'pg_replication_slots', 'v', 12259,
      'slot_name name, plugin name, slot_type text, datoid oid, database name, temporary bool, active bool, ' +
      'active_pid int4, xmin xid, catalog_xmin xid, restart_lsn pg_lsn, confirmed_flush_lsn pg_lsn, ' +
      'wal_status text, safe_wal_size int8, two_phase bool'],
  [12023, 'pg_rules', 'v', 12025,
      'schemaname name, tablename name, rulename name, definition text'],
  [3596, 'pg_seclabel', 'r', 10092,
      'objoid oid!, classoid oid!, objsubid int4!, provider text!, label text!'],
  [12099, 'pg_seclabels', 'v', 12101,
      'objoid oid, classoid oid, objsubid int4, objtype text, objnamespace oid, objname text, provider text, ' +
      'label text'],
  [3592, 'pg_shseclabel', 'r', 4066,
      'objoid oid!, classoid oid!, provider text!, label text!'],
  [12297, 'pg_stat_progress_analyze', 'v', 12299,
      'pid int4, datid oid, datname name, relid oid, phase text, sample_blks_total int8, ' +
      'sample_blks_scanned int8, ext_stats_total int8, ext_stats_computed int8, child_tables_total int8, ' +
      'child_tables_done int8, current_child_table_relid oid'],
  [12317, 'pg_stat_progress_basebackup', 'v', 12319,
      'pid int4, phase text, backup_total int8, backup_streamed int8, tablespaces_total int8, ' +
      'tablespaces_streamed int8'],
  [12307, 'pg_stat_progress_cluster', 'v', 12309,
      'pid int4, datid oid, datname name, relid oid, command text, phase text, cluster_index_relid oid, ' +
      'heap_tuples_scanned int8, heap_tuples_written int8, heap_blks_total int8, heap_blks_scanned int8, ' +
      'index_rebuild_count int8'],
  [12322, 'pg_stat_progress_copy', 'v', 12324,
      'pid int4, datid oid, datname name, relid oid, command text, type text, bytes_processed int8, ' +
      'bytes_total int8, tuples_processed int8, tuples_excluded int8'],
  [12312, 'pg_stat_progress_create_index', 'v', 12314,
      'pid int4, datid oid, datname name, relid oid, index_relid oid, command text, phase text, ' +
      'lockers_total int8, lockers_done int8, current_locker_pid int8, blocks_total int8, blocks_done int8, ' +
      'tuples_total int8, tuples_done int8, partitions_total int8, partitions_done int8'],
  [12302, 'pg_stat_progress_vacuum', 'v', 12304,
      'pid int4, datid oid, datname name, relid oid, phase text, heap_blks_total int8, ' +
      'heap_blks_scanned int8, heap_blks_vacuumed int8, index_vacuum_count int8, max_dead_tuples int8, ' +
      'num_dead_tuples int8'],
  [12227, 'pg_stat_replication', 'v', 12229,
      'pid int4, usesysid oid, usename name, application_name text, client_addr inet, client_hostname text, ' +
      'client_port int4, backend_start timestamptz, backend_xmin xid, state text, sent_lsn pg_lsn, ' +
      'write_lsn pg_lsn, flush_lsn pg_lsn, replay_lsn pg_lsn, write_lag interval, flush_lag interval, ' +
      'replay_lag interval, sync_priority int4, sync_state text, reply_time timestamptz'],
  [12262, 'pg_stat_replication_slots', 'v', 12264,
      'slot_name text, spill_txns int8, spill_count int8, spill_bytes int8, stream_txns int8, ' +
      'stream_count int8, stream_bytes int8, total_txns int8, total_bytes int8, stats_reset timestamptz'],
  [12244, 'pg_stat_subscription', 'v', 12246,
      'subid oid, subname name, pid int4, relid oid, received_lsn pg_lsn, last_msg_send_time timestamptz, ' +
      'last_msg_receipt_time timestamptz, latest_end_lsn pg_lsn, latest_end_time timestamptz'],
  [12336, 'pg_stat_subscription_stats', 'v', 12338,
      'subid oid, subname name, apply_error_count int8, sync_error_count int8, stats_reset timestamptz'],
  [12275, 'pg_stat_user_functions', 'v', 12277,
      'funcid oid, schemaname name, funcname name, calls int8, total_time float8, self_time float8'],
  [12236, 'pg_stat_wal_receiver', 'v', 12238,
      'pid int4, status text, receive_start_lsn pg_lsn, receive_start_tli int4, written_lsn pg_lsn, ' +
      'flushed_lsn pg_lsn, received_tli int4, last_msg_send_time timestamptz, ' +
      'last_msg_receipt_time timestamptz, latest_end_lsn pg_lsn, latest_end_time timestamptz, ' +
      'slot_name text, sender_host text, sender_port int4, conninfo text'],
  [12147, 'pg_stat_xact_all_tables', 'v', 12149,
      'relid oid, schemaname name, relname name, seq_scan int8, seq_tup_read int8, idx_scan int8, ' +
      'idx_tup_fetch int8, n_tup_ins int8, n_tup_upd int8, n_tup_del int8, n_tup_hot_upd int8'],
  [12157, 'pg_stat_xact_sys_tables', 'v', 12159,
      'relid oid, schemaname name, relname name, seq_scan int8, seq_tup_read int8, idx_scan int8, ' +
      'idx_tup_fetch int8, n_tup_ins int8, n_tup_upd int8, n_tup_del int8, n_tup_hot_upd int8'],
  [12280, 'pg_stat_xact_user_functions', 'v', 12282,
      'funcid oid, schemaname name, funcname name, calls int8, total_time float8, self_time float8'],
  [12166, 'pg_stat_xact_user_tables', 'v', 12168,
      'relid oid, schemaname name, relname name, seq_scan int8, seq_tup_read int8, idx_scan int8, ' +
      'idx_tup_fetch int8, n_tup_ins int8, n_tup_upd int8, n_tup_del int8, n_tup_hot_upd int8'],
  [12209, 'pg_statio_all_sequences', 'v', 12211,
      'relid oid, schemaname name, relname name, blks_read int8, blks_hit int8'],
  [12201, 'pg_statio_sys_indexes', 'v', 12203,
      'relid oid, indexrelid oid, schemaname name, relname name, indexrelname name, idx_blks_read int8, ' +
      'idx_blks_hit int8'],
  [12214, 'pg_statio_sys_sequences', 'v', 12216,
      'relid oid, schemaname name, relname name, blks_read int8, blks_hit int8'],
  [12218, 'pg_statio_user_sequences', 'v', 12220,
      'relid oid, schemaname name, relname name, blks_read int8, blks_hit int8'],
  [3381, 'pg_statistic_ext', 'r', 10031,
      'oid oid!, stxrelid oid!, stxname name!, stxnamespace oid!, stxowner oid!, stxstattarget int4!, ' +
      'stxkeys int2vector!, stxkind _char!, stxexprs pg_node_tree'],
  [3429, 'pg_statistic_ext_data', 'r', 10033,
      'stxoid oid!, stxdinherit bool!, stxdndistinct pg_ndistinct, stxddependencies pg_dependencies, ' +
      'stxdmcv pg_mcv_list, stxdexpr _pg_statistic'],
  [12058, 'pg_stats_ext', 'v', 12060,
      'schemaname name, tablename name, statistics_schemaname name, statistics_name name, ' +
      'statistics_owner name, attnames _name, exprs _text, kinds _char, inherited bool, ' +
      'n_distinct pg_ndistinct, dependencies pg_dependencies, most_common_vals _text, ' +
      'most_common_val_nulls _bool, most_common_freqs _float8, most_common_base_freqs _float8'],
  [12063, 'pg_stats_ext_exprs', 'v', 12065,
      'schemaname name, tablename name, statistics_schemaname name, statistics_name name, ' +
      'statistics_owner name, expr text, inherited bool, null_frac float4, avg_width int4, ' +
      'n_distinct float4, most_common_vals anyarray, most_common_freqs _float4, histogram_bounds anyarray, ' +
      'correlation float4, most_common_elems anyarray, most_common_elem_freqs _float4, ' +
      'elem_count_histogram _float4'],
  [6100, 'pg_subscription', 'r', 6101,
      'oid oid!, subdbid oid!, subskiplsn pg_lsn!, subname name!, subowner oid!, subenabled bool!, ' +
      'subbinary bool!, substream bool!, subtwophasestate char!, subdisableonerr bool!, subconninfo text!, ' +
      'subslotname name, subsynccommit text!, subpublications _text!'],
  [6102, 'pg_subscription_rel', 'r', 10114,
      'srsubid oid!, srrelid oid!, srsubstate char!, srsublsn pg_lsn'],
  [3576, 'pg_transform', 'r', 10103,
      'oid oid!, trftype oid!, trflang oid!, trffromsql regproc!, trftosql regproc!'],
  [2620, 'pg_trigger', 'r', 10037,
      'oid oid!, tgrelid oid!, tgparentid oid!, tgname name!, tgfoid oid!, tgtype int2!, tgenabled char!, ' +
      'tgisinternal bool!, tgconstrrelid oid!, tgconstrindid oid!, tgconstraint oid!, tgdeferrable bool!, ' +
      'tginitdeferred bool!, tgnargs int2!, tgattr int2vector!, tgargs bytea!, tgqual pg_node_tree, ' +
      'tgoldtable name, tgnewtable name'],
  [1418, 'pg_user_mapping', 'r', 10080,
      'oid oid!, umuser oid!, umserver oid!, umoptions _text'],
  [12327, 'pg_user_mappings', 'v', 12329,
      'umid oid, srvid oid, srvname name, umuser oid, usename name, umoptions _text'],
];

const NOT_REPRODUCED: Empty[] = [
  [2602, 'pg_amop', 'r', 10017,
      'oid oid!, amopfamily oid!, amoplefttype oid!, amoprighttype oid!, amopstrategy int2!, ' +
      'amoppurpose char!, amopopr oid!, amopmethod oid!, amopsortfamily oid!'],
  [2603, 'pg_amproc', 'r', 10019,
      'oid oid!, amprocfamily oid!, amproclefttype oid!, amprocrighttype oid!, amprocnum int2!, ' +
      'amproc regproc!'],
  [12085, 'pg_available_extension_versions', 'v', 12087,
      'name name, version text, installed bool, superuser bool, trusted bool, relocatable bool, schema name, ' +
      'requires _name, comment text'],
  [12081, 'pg_available_extensions', 'v', 12083,
      'name name, default_version text, installed_version text, comment text'],
  [12138, 'pg_backend_memory_contexts', 'v', 12140,
      'name text, ident text, parent text, level int4, total_bytes int8, total_nblocks int8, ' +
      'free_bytes int8, free_chunks int8, used_bytes int8'],
  [12130, 'pg_config', 'v', 12132,
      'name text, setting text'],
  [2607, 'pg_conversion', 'r', 10049,
      'oid oid!, conname name!, connamespace oid!, conowner oid!, conforencoding int4!, contoencoding int4!, ' +
      'conproc regproc!, condefault bool!'],
  [12110, 'pg_file_settings', 'v', 12112,
      'sourcefile text, sourceline int4, seqno int4, name text, setting text, applied bool, error text'],
  [12114, 'pg_hba_file_rules', 'v', 12116,
      'line_number int4, type text, database _text, user_name _text, address text, netmask text, ' +
      'auth_method text, options _text, error text'],
  [12073, 'pg_locks', 'v', 12075,
      'locktype text, database oid, relation oid, page int4, tuple int2, virtualxid text, transactionid xid, ' +
      'classid oid, objid oid, objsubid int2, virtualtransaction text, pid int4, mode text, granted bool, ' +
      'fastpath bool, waitstart timestamptz'],
  [2616, 'pg_opclass', 'r', 10013,
      'oid oid!, opcmethod oid!, opcname name!, opcnamespace oid!, opcowner oid!, opcfamily oid!, ' +
      'opcintype oid!, opcdefault bool!, opckeytype oid!'],
  [2753, 'pg_opfamily', 'r', 10011,
      'oid oid!, opfmethod oid!, opfname name!, opfnamespace oid!, opfowner oid!'],
  [12134, 'pg_shmem_allocations', 'v', 12136,
      'name text, off int8, size int8, allocated_size int8'],
  [12285, 'pg_stat_archiver', 'v', 12287,
      'archived_count int8, last_archived_wal text, last_archived_time timestamptz, failed_count int8, ' +
      'last_failed_wal text, last_failed_time timestamptz, stats_reset timestamptz'],
  [12289, 'pg_stat_bgwriter', 'v', 12291,
      'checkpoints_timed int8, checkpoints_req int8, checkpoint_write_time float8, ' +
      'checkpoint_sync_time float8, buffers_checkpoint int8, buffers_clean int8, maxwritten_clean int8, ' +
      'buffers_backend int8, buffers_backend_fsync int8, buffers_alloc int8, stats_reset timestamptz'],
  [12271, 'pg_stat_database_conflicts', 'v', 12273,
      'datid oid, datname name, confl_tablespace int8, confl_lock int8, confl_snapshot int8, ' +
      'confl_bufferpin int8, confl_deadlock int8'],
  [12253, 'pg_stat_gssapi', 'v', 12255,
      'pid int4, gss_authenticated bool, principal text, encrypted bool'],
  [12240, 'pg_stat_recovery_prefetch', 'v', 12242,
      'stats_reset timestamptz, prefetch int8, hit int8, skip_init int8, skip_new int8, skip_fpw int8, ' +
      'skip_rep int8, wal_distance int4, block_distance int4, io_depth int4'],
  [12232, 'pg_stat_slru', 'v', 12234,
      'name text, blks_zeroed int8, blks_hit int8, blks_read int8, blks_written int8, blks_exists int8, ' +
      'flushes int8, truncates int8, stats_reset timestamptz'],
  [12249, 'pg_stat_ssl', 'v', 12251,
      'pid int4, ssl bool, version text, cipher text, bits int4, client_dn text, client_serial numeric, ' +
      'issuer_dn text'],
  [2619, 'pg_statistic', 'r', 10029,
      'starelid oid!, staattnum int2!, stainherit bool!, stanullfrac float4!, stawidth int4!, ' +
      'stadistinct float4!, stakind1 int2!, stakind2 int2!, stakind3 int2!, stakind4 int2!, stakind5 int2!, ' +
      'staop1 oid!, staop2 oid!, staop3 oid!, staop4 oid!, staop5 oid!, stacoll1 oid!, stacoll2 oid!, ' +
      'stacoll3 oid!, stacoll4 oid!, stacoll5 oid!, stanumbers1 _float4, stanumbers2 _float4, ' +
      'stanumbers3 _float4, stanumbers4 _float4, stanumbers5 _float4, stavalues1 anyarray, ' +
      'stavalues2 anyarray, stavalues3 anyarray, stavalues4 anyarray, stavalues5 anyarray'],
  [12053, 'pg_stats', 'v', 12055,
      'schemaname name, tablename name, attname name, inherited bool, null_frac float4, avg_width int4, ' +
      'n_distinct float4, most_common_vals anyarray, most_common_freqs _float4, histogram_bounds anyarray, ' +
      'correlation float4, most_common_elems anyarray, most_common_elem_freqs _float4, ' +
      'elem_count_histogram _float4'],
  [12122, 'pg_timezone_abbrevs', 'v', 12124,
      'abbrev text, utc_offset interval, is_dst bool'],
  [12126, 'pg_timezone_names', 'v', 12128,
      'name text, abbrev text, utc_offset interval, is_dst bool'],
  [3602, 'pg_ts_config', 'r', 10064,
      'oid oid!, cfgname name!, cfgnamespace oid!, cfgowner oid!, cfgparser oid!'],
  [3603, 'pg_ts_config_map', 'r', 10066,
      'mapcfg oid!, maptokentype int4!, mapseqno int4!, mapdict oid!'],
  [3600, 'pg_ts_dict', 'r', 10068,
      'oid oid!, dictname name!, dictnamespace oid!, dictowner oid!, dicttemplate oid!, dictinitoption text'],
  [3601, 'pg_ts_parser', 'r', 10070,
      'oid oid!, prsname name!, prsnamespace oid!, prsstart regproc!, prstoken regproc!, prsend regproc!, ' +
      'prsheadline regproc!, prslextype regproc!'],
  [3764, 'pg_ts_template', 'r', 10072,
      'oid oid!, tmplname name!, tmplnamespace oid!, tmplinit regproc!, tmpllexize regproc!'],
];

defineTables([...ABSENT, ...NOT_REPRODUCED].map(([oid, name, relkind, rowType, columns]) => ({ oid, name, relkind, rowType, columns })));
