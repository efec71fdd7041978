// Cluster-wide catalogs: pg_database (the databases the cluster has, as the transaction sees
// them), pg_tablespace (PostgreSQL's two built-in tablespaces; Treeline has no others) and
// pg_db_role_setting (no per-database settings: empty). Every database is UTF8 with the libc
// locale provider; template databases carry initdb's ACL.
import { ArrayValue } from '../types/value.js';
import { BOOTSTRAP_SUPERUSER } from './catalog-objects.js';
import { defineTables } from './columns.js';

const ACLITEM = 1033;
const UTF8 = 6;
export const DEFAULT_TABLESPACE = 1663;
const TEMPLATE_ACL = new ArrayValue(ACLITEM, ['=c/postgres', 'postgres=CTc/postgres'], [2]);

defineTables([
  {
    oid: 1262,
    name: 'pg_database',
    relkind: 'r',
    rowType: 1248,
    columns:
      'oid oid!, datname name!, datdba oid!, encoding int4!, datlocprovider char!, datistemplate bool!, datallowconn bool!, ' +
      'datconnlimit int4!, datfrozenxid xid!, datminmxid xid!, dattablespace oid!, datcollate text!, datctype text!, ' +
      'daticulocale text, datcollversion text, datacl _aclitem',
    rows: ({ catalog }) =>
      catalog.allDatabases().map((d) => ({
        oid: d.oid,
        datname: d.name,
        datdba: d.ownerOid,
        encoding: UTF8,
        datlocprovider: 'c',
        datistemplate: d.isTemplate,
        datallowconn: d.allowConnections,
        datconnlimit: d.connectionLimit,
        datfrozenxid: 716,
        datminmxid: 1,
        dattablespace: DEFAULT_TABLESPACE,
        datcollate: d.collate,
        datctype: d.ctype,
        datacl: d.oid === 1 || d.oid === 4 ? TEMPLATE_ACL : null,
      })),
  },
  {
    oid: 1213,
    name: 'pg_tablespace',
    relkind: 'r',
    rowType: 10056,
    columns: 'oid oid!, spcname name!, spcowner oid!, spcacl _aclitem, spcoptions _text',
    rows: () => [
      { oid: DEFAULT_TABLESPACE, spcname: 'pg_default', spcowner: BOOTSTRAP_SUPERUSER },
      { oid: 1664, spcname: 'pg_global', spcowner: BOOTSTRAP_SUPERUSER },
    ],
  },
  { oid: 2964, name: 'pg_db_role_setting', relkind: 'r', rowType: 10054, columns: 'setdatabase oid!, setrole oid!, setconfig _text' },
]);
