// The objects a new Treeline cluster starts with, with PostgreSQL 15's OIDs: the databases
// initdb creates, the schemas every database has, and the bootstrap superuser. The catalog
// service (SQL issue) builds on these; until then they are all there is.

export interface DatabaseRow {
  oid: number;
  name: string;
  allowConnections: boolean;
}

export const BOOTSTRAP_DATABASES: readonly DatabaseRow[] = [
  { oid: 1, name: 'template1', allowConnections: true },
  { oid: 4, name: 'template0', allowConnections: false },
  { oid: 5, name: 'postgres', allowConnections: true },
];

export const BOOTSTRAP_NAMESPACES: readonly { oid: number; name: string }[] = [
  { oid: 11, name: 'pg_catalog' },
  { oid: 99, name: 'pg_toast' },
  { oid: 2200, name: 'public' },
  { oid: 13207, name: 'information_schema' },
];

export const BOOTSTRAP_ROLES: readonly { oid: number; name: string }[] = [{ oid: 10, name: 'postgres' }];
