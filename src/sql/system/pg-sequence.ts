// Sequences and enums: pg_sequence (a sequence's parameters), the pg_sequences view (with the
// current value from the sequence store: NULL until the sequence is first used, as PostgreSQL
// shows it) and pg_enum (each enum label with its sort position).
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { RelationRecord } from '../../catalog/objects.js';
import type { Session } from '../session.js';
import { defineTables, type RowValues } from './columns.js';

function* sequences(catalog: CatalogTxn): Iterable<RelationRecord> {
  for (const r of catalog.records()) if (r.kind === 'relation' && r.relkind === 'S' && r.sequence) yield r;
}

function sequencesView(session: Session, catalog: CatalogTxn): RowValues[] {
  const rows: RowValues[] = [];
  for (const r of sequences(catalog)) {
    const o = r.sequence!;
    const ns = catalog.get(r.namespaceOid);
    const state = session.cluster.catalog.sequences.peek(r.dbOid, r.oid, o);
    rows.push({
      schemaname: ns?.kind === 'namespace' ? ns.name : null,
      sequencename: r.name,
      sequenceowner: 'postgres',
      data_type: o.typeOid,
      start_value: BigInt(o.start),
      min_value: BigInt(o.min),
      max_value: BigInt(o.max),
      increment_by: BigInt(o.increment),
      cycle: o.cycle,
      cache_size: BigInt(o.cache),
      last_value: state.isCalled ? state.last : null,
    });
  }
  return rows;
}

defineTables([
  {
    oid: 2224,
    name: 'pg_sequence',
    relkind: 'r',
    rowType: 10105,
    columns: 'seqrelid oid!, seqtypid oid!, seqstart int8!, seqincrement int8!, seqmax int8!, seqmin int8!, seqcache int8!, seqcycle bool!',
    *rows({ catalog }) {
      for (const r of sequences(catalog)) {
        const o = r.sequence!;
        yield {
          seqrelid: r.oid,
          seqtypid: o.typeOid,
          seqstart: BigInt(o.start),
          seqincrement: BigInt(o.increment),
          seqmax: BigInt(o.max),
          seqmin: BigInt(o.min),
          seqcache: BigInt(o.cache),
          seqcycle: o.cycle,
        };
      }
    },
  },
  {
    oid: 12048,
    name: 'pg_sequences',
    relkind: 'v',
    rowType: 12050,
    columns:
      'schemaname name, sequencename name, sequenceowner name, data_type regtype, start_value int8, min_value int8, max_value int8, ' +
      'increment_by int8, cycle bool, cache_size int8, last_value int8',
    rows: ({ session, catalog }) => sequencesView(session, catalog),
  },
  {
    oid: 3501,
    name: 'pg_enum',
    relkind: 'r',
    rowType: 10045,
    columns: 'oid oid!, enumtypid oid!, enumsortorder float4!, enumlabel name!',
    *rows({ catalog }) {
      for (const r of catalog.records()) {
        if (r.kind === 'enum') for (const l of r.labels) yield { oid: l.oid, enumtypid: r.oid, enumsortorder: l.sortOrder, enumlabel: l.label };
      }
    },
  },
]);
