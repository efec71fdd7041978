// The roles of a Treeline cluster, as PostgreSQL 15's initdb creates them: the bootstrap
// superuser `postgres` (OID 10) and the predefined roles (pg_monitor, pg_database_owner, ...),
// with their attributes and the memberships among them. Treeline has no CREATE ROLE yet, so
// this list is all there is; pg_authid, pg_roles, aclitem and pg_get_userbyid read it.
// Invariant: OIDs and names are PostgreSQL 15's.

export interface RoleRow {
  oid: number;
  name: string;
  superuser: boolean;
}

const predefined = (oid: number, name: string): RoleRow => ({ oid, name, superuser: false });

export const ROLES: readonly RoleRow[] = [
  { oid: 10, name: 'postgres', superuser: true },
  predefined(3373, 'pg_monitor'),
  predefined(3374, 'pg_read_all_settings'),
  predefined(3375, 'pg_read_all_stats'),
  predefined(3377, 'pg_stat_scan_tables'),
  predefined(4200, 'pg_signal_backend'),
  predefined(4544, 'pg_checkpoint'),
  predefined(4569, 'pg_read_server_files'),
  predefined(4570, 'pg_write_server_files'),
  predefined(4571, 'pg_execute_server_program'),
  predefined(6171, 'pg_database_owner'),
  predefined(6181, 'pg_read_all_data'),
  predefined(6182, 'pg_write_all_data'),
];

/** pg_auth_members: pg_monitor's members, granted by the bootstrap superuser. */
export const ROLE_MEMBERSHIPS: readonly { roleid: number; member: number }[] = [
  { roleid: 3374, member: 3373 },
  { roleid: 3375, member: 3373 },
  { roleid: 3377, member: 3373 },
];

/** The role that owns the public schema in PostgreSQL 15. */
export const DATABASE_OWNER_ROLE = 6171;

export function roleByOid(oid: number): RoleRow | undefined {
  return ROLES.find((r) => r.oid === oid);
}

export function roleByName(name: string): RoleRow | undefined {
  return ROLES.find((r) => r.name === name);
}
