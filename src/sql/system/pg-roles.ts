// The role catalogs: pg_authid (the table), the views over it that clients read (pg_roles,
// pg_user, pg_shadow, pg_group) and pg_auth_members. The roles are PostgreSQL 15's bootstrap
// superuser and predefined roles (roles.ts); passwords show as PostgreSQL's views show them.
import { ArrayValue } from '../types/value.js';
import { Oid } from '../types/oids.js';
import { defineTables, type RowValues } from './columns.js';
import { ROLE_MEMBERSHIPS, ROLES, type RoleRow } from './roles.js';

function attributes(r: RoleRow): RowValues {
  return {
    rolsuper: r.superuser,
    rolinherit: true,
    rolcreaterole: r.superuser,
    rolcreatedb: r.superuser,
    rolcanlogin: r.superuser,
    rolreplication: r.superuser,
    rolbypassrls: r.superuser,
    rolconnlimit: -1,
  };
}

function userRow(r: RoleRow, passwd: string | null): RowValues {
  return { usename: r.name, usesysid: r.oid, usecreatedb: r.superuser, usesuper: r.superuser, userepl: r.superuser, usebypassrls: r.superuser, passwd };
}

const USER_COLUMNS =
  'usename name, usesysid oid, usecreatedb bool, usesuper bool, userepl bool, usebypassrls bool, passwd text, valuntil timestamptz, useconfig _text';

defineTables([
  {
    oid: 1260,
    name: 'pg_authid',
    relkind: 'r',
    rowType: 2842,
    columns:
      'oid oid!, rolname name!, rolsuper bool!, rolinherit bool!, rolcreaterole bool!, rolcreatedb bool!, rolcanlogin bool!, ' +
      'rolreplication bool!, rolbypassrls bool!, rolconnlimit int4!, rolpassword text, rolvaliduntil timestamptz',
    rows: () => ROLES.map((r) => ({ oid: r.oid, rolname: r.name, ...attributes(r) })),
  },
  {
    oid: 12000,
    name: 'pg_roles',
    relkind: 'v',
    rowType: 12002,
    columns:
      'rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool, rolcreatedb bool, rolcanlogin bool, rolreplication bool, ' +
      'rolconnlimit int4, rolpassword text, rolvaliduntil timestamptz, rolbypassrls bool, rolconfig _text, oid oid',
    rows: () => ROLES.map((r) => ({ rolname: r.name, ...attributes(r), rolpassword: '********', oid: r.oid })),
  },
  {
    oid: 12014,
    name: 'pg_user',
    relkind: 'v',
    rowType: 12016,
    columns: USER_COLUMNS,
    rows: () => ROLES.filter((r) => r.superuser).map((r) => userRow(r, '********')),
  },
  {
    oid: 12005,
    name: 'pg_shadow',
    relkind: 'v',
    rowType: 12007,
    columns: USER_COLUMNS,
    rows: () => ROLES.filter((r) => r.superuser).map((r) => userRow(r, null)),
  },
  {
    oid: 12010,
    name: 'pg_group',
    relkind: 'v',
    rowType: 12012,
    columns: 'groname name, grosysid oid, grolist _oid',
    rows: () =>
      ROLES.filter((r) => !r.superuser).map((r) => {
        const members = ROLE_MEMBERSHIPS.filter((m) => m.roleid === r.oid).map((m) => m.member);
        return { groname: r.name, grosysid: r.oid, grolist: new ArrayValue(Oid.oid, members, members.length > 0 ? [members.length] : []) };
      }),
  },
  {
    oid: 1261,
    name: 'pg_auth_members',
    relkind: 'r',
    rowType: 2843,
    columns: 'roleid oid!, member oid!, grantor oid!, admin_option bool!',
    rows: () => ROLE_MEMBERSHIPS.map((m) => ({ roleid: m.roleid, member: m.member, grantor: 10, admin_option: false })),
  },
]);
