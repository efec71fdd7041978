// The built-in objects of PostgreSQL 15 that Treeline has as data (catalog/*.json): pg_proc,
// pg_aggregate, pg_operator and pg_cast, plus the small fixed catalogs every database starts
// with: access methods (pg_am), languages (pg_language; plpgsql as the extension installs it),
// pg_extension (plpgsql), the basic collations and the built-in range types.
// What the recorded data lacks is filled as PostgreSQL's defaults: a function costs 1 (100 in
// SQL), a set-returning one is estimated at 1000 rows; operators have no selectivity
// estimators listed.
import { builtins } from '../../catalog/builtins.js';
import { vectorOf } from '../types/array.js';
import { Oid } from '../types/oids.js';
import { ArrayValue, type Value } from '../types/value.js';
import { BOOTSTRAP_SUPERUSER, procOidByName } from './catalog-objects.js';
import { defineTables, type RowValues } from './columns.js';
import { INFORMATION_SCHEMA_NAMESPACE, PG_CATALOG_NAMESPACE } from './system-table.js';

const LANGUAGES: Record<string, number> = { internal: 12, c: 13, sql: 14, plpgsql: 13563 };

function array(elementType: number, values: Value[] | null): ArrayValue | null {
  return values === null ? null : new ArrayValue(elementType, values, values.length > 0 ? [values.length] : []);
}

function* procRows(): Iterable<RowValues> {
  for (const p of builtins().procs) {
    yield {
      oid: p.oid,
      proname: p.proname,
      pronamespace: p.namespace === 'information_schema' ? INFORMATION_SCHEMA_NAMESPACE : PG_CATALOG_NAMESPACE,
      proowner: BOOTSTRAP_SUPERUSER,
      prolang: LANGUAGES[p.language] ?? 12,
      procost: p.language === 'sql' ? 100 : 1,
      prorows: p.proretset ? 1000 : 0,
      provariadic: p.provariadic,
      prosupport: procOidByName(p.prosupport),
      prokind: p.prokind,
      prosecdef: p.prosecdef,
      proleakproof: p.proleakproof,
      proisstrict: p.proisstrict,
      proretset: p.proretset,
      provolatile: p.provolatile,
      proparallel: p.proparallel,
      pronargs: p.pronargs,
      pronargdefaults: p.pronargdefaults,
      prorettype: p.prorettype,
      proargtypes: vectorOf(Oid.oid, p.proargtypes),
      proallargtypes: array(Oid.oid, p.proallargtypes),
      proargmodes: array(Oid.char, p.proargmodes),
      proargnames: array(Oid.text, p.proargnames),
      prosrc: p.prosrc,
    };
  }
}

function* aggregateRows(): Iterable<RowValues> {
  for (const a of builtins().aggregates) {
    yield {
      aggfnoid: a.aggfnoid,
      aggkind: a.aggkind,
      aggnumdirectargs: a.aggnumdirectargs,
      aggtransfn: a.aggtransfn,
      aggfinalfn: a.aggfinalfn,
      aggcombinefn: a.aggcombinefn,
      aggserialfn: 0,
      aggdeserialfn: 0,
      aggmtransfn: 0,
      aggminvtransfn: 0,
      aggmfinalfn: 0,
      aggfinalextra: false,
      aggmfinalextra: false,
      aggfinalmodify: a.aggkind === 'n' ? 'r' : 'w',
      aggmfinalmodify: a.aggkind === 'n' ? 'r' : 'w',
      aggsortop: a.aggsortop,
      aggtranstype: a.aggtranstype,
      aggtransspace: 0,
      aggmtranstype: 0,
      aggmtransspace: 0,
      agginitval: a.agginitval,
    };
  }
}

function* operatorRows(): Iterable<RowValues> {
  for (const o of builtins().operators) {
    yield {
      oid: o.oid,
      oprname: o.oprname,
      oprnamespace: PG_CATALOG_NAMESPACE,
      oprowner: BOOTSTRAP_SUPERUSER,
      oprkind: o.oprkind,
      oprcanmerge: o.oprcanmerge,
      oprcanhash: o.oprcanhash,
      oprleft: o.oprleft,
      oprright: o.oprright,
      oprresult: o.oprresult,
      oprcom: o.oprcom,
      oprnegate: o.oprnegate,
      oprcode: o.oprcodeoid,
      oprrest: 0,
      oprjoin: 0,
    };
  }
}

const ACCESS_METHODS: [number, string, string, string][] = [
  [2, 'heap', 'heap_tableam_handler', 't'],
  [403, 'btree', 'bthandler', 'i'],
  [405, 'hash', 'hashhandler', 'i'],
  [783, 'gist', 'gisthandler', 'i'],
  [2742, 'gin', 'ginhandler', 'i'],
  [4000, 'spgist', 'spghandler', 'i'],
  [3580, 'brin', 'brinhandler', 'i'],
];

const RANGES: [number, number, number, number, string, string][] = [
  [3904, 23, 4451, 1978, 'int4range_canonical', 'int4range_subdiff'],
  [3906, 1700, 4532, 3125, '-', 'numrange_subdiff'],
  [3908, 1114, 4533, 3128, '-', 'tsrange_subdiff'],
  [3910, 1184, 4534, 3127, '-', 'tstzrange_subdiff'],
  [3912, 1082, 4535, 3122, 'daterange_canonical', 'daterange_subdiff'],
  [3926, 20, 4536, 3124, 'int8range_canonical', 'int8range_subdiff'],
];

const language = (oid: number, name: string, pl: boolean, trusted: boolean, handler: number, inline: number, validator: number): RowValues => ({
  oid,
  lanname: name,
  lanowner: BOOTSTRAP_SUPERUSER,
  lanispl: pl,
  lanpltrusted: trusted,
  lanplcallfoid: handler,
  laninline: inline,
  lanvalidator: validator,
});

const collation = (oid: number, name: string, provider: string, encoding: number, locale: string | null): RowValues => ({
  oid,
  collname: name,
  collnamespace: PG_CATALOG_NAMESPACE,
  collowner: BOOTSTRAP_SUPERUSER,
  collprovider: provider,
  collisdeterministic: true,
  collencoding: encoding,
  collcollate: locale,
  collctype: locale,
});

defineTables([
  {
    oid: 1255,
    name: 'pg_proc',
    relkind: 'r',
    rowType: 81,
    columns:
      'oid oid!, proname name!, pronamespace oid!, proowner oid!, prolang oid!, procost float4!, prorows float4!, provariadic oid!, ' +
      'prosupport regproc!, prokind char!, prosecdef bool!, proleakproof bool!, proisstrict bool!, proretset bool!, provolatile char!, ' +
      'proparallel char!, pronargs int2!, pronargdefaults int2!, prorettype oid!, proargtypes oidvector!, proallargtypes _oid, ' +
      'proargmodes _char, proargnames _text, proargdefaults pg_node_tree, protrftypes _oid, prosrc text!, probin text, ' +
      'prosqlbody pg_node_tree, proconfig _text, proacl _aclitem',
    fixed: true,
    rows: procRows,
  },
  {
    oid: 2600,
    name: 'pg_aggregate',
    relkind: 'r',
    rowType: 10027,
    columns:
      'aggfnoid regproc!, aggkind char!, aggnumdirectargs int2!, aggtransfn regproc!, aggfinalfn regproc!, aggcombinefn regproc!, ' +
      'aggserialfn regproc!, aggdeserialfn regproc!, aggmtransfn regproc!, aggminvtransfn regproc!, aggmfinalfn regproc!, ' +
      'aggfinalextra bool!, aggmfinalextra bool!, aggfinalmodify char!, aggmfinalmodify char!, aggsortop oid!, aggtranstype oid!, ' +
      'aggtransspace int4!, aggmtranstype oid!, aggmtransspace int4!, agginitval text, aggminitval text',
    fixed: true,
    rows: aggregateRows,
  },
  {
    oid: 2617,
    name: 'pg_operator',
    relkind: 'r',
    rowType: 10009,
    columns:
      'oid oid!, oprname name!, oprnamespace oid!, oprowner oid!, oprkind char!, oprcanmerge bool!, oprcanhash bool!, oprleft oid!, ' +
      'oprright oid!, oprresult oid!, oprcom oid!, oprnegate oid!, oprcode regproc!, oprrest regproc!, oprjoin regproc!',
    fixed: true,
    rows: operatorRows,
  },
  {
    oid: 2605,
    name: 'pg_cast',
    relkind: 'r',
    rowType: 10043,
    columns: 'oid oid!, castsource oid!, casttarget oid!, castfunc oid!, castcontext char!, castmethod char!',
    fixed: true,
    rows: () => builtins().casts.map((c) => ({ ...c })),
  },
  {
    oid: 2601,
    name: 'pg_am',
    relkind: 'r',
    rowType: 10015,
    columns: 'oid oid!, amname name!, amhandler regproc!, amtype char!',
    fixed: true,
    rows: () => ACCESS_METHODS.map(([oid, amname, handler, amtype]) => ({ oid, amname, amhandler: procOidByName(handler), amtype })),
  },
  {
    oid: 2612,
    name: 'pg_language',
    relkind: 'r',
    rowType: 10021,
    columns:
      'oid oid!, lanname name!, lanowner oid!, lanispl bool!, lanpltrusted bool!, lanplcallfoid oid!, laninline oid!, lanvalidator oid!, lanacl _aclitem',
    fixed: true,
    rows: () => [
      language(12, 'internal', false, false, 0, 0, 2246),
      language(13, 'c', false, false, 0, 0, 2247),
      language(14, 'sql', false, true, 0, 0, 2248),
      language(13563, 'plpgsql', true, true, 13560, 13561, 13562),
    ],
  },
  {
    oid: 3079,
    name: 'pg_extension',
    relkind: 'r',
    rowType: 10074,
    columns: 'oid oid!, extname name!, extowner oid!, extnamespace oid!, extrelocatable bool!, extversion text!, extconfig _oid, extcondition _text',
    fixed: true,
    rows: () => [{ oid: 13559, extname: 'plpgsql', extowner: BOOTSTRAP_SUPERUSER, extnamespace: PG_CATALOG_NAMESPACE, extrelocatable: false, extversion: '1.0' }],
  },
  {
    oid: 3456,
    name: 'pg_collation',
    relkind: 'r',
    rowType: 10095,
    columns:
      'oid oid!, collname name!, collnamespace oid!, collowner oid!, collprovider char!, collisdeterministic bool!, collencoding int4!, ' +
      'collcollate text, collctype text, colliculocale text, collversion text',
    fixed: true,
    rows: () => [collation(100, 'default', 'd', -1, null), collation(950, 'C', 'c', -1, 'C'), collation(951, 'POSIX', 'c', -1, 'POSIX'), collation(12340, 'ucs_basic', 'c', 6, 'C')],
  },
  {
    oid: 3541,
    name: 'pg_range',
    relkind: 'r',
    rowType: 10101,
    columns: 'rngtypid oid!, rngsubtype oid!, rngmultitypid oid!, rngcollation oid!, rngsubopc oid!, rngcanonical regproc!, rngsubdiff regproc!',
    fixed: true,
    rows: () =>
      RANGES.map(([rngtypid, rngsubtype, rngmultitypid, rngsubopc, canonical, subdiff]) => ({
        rngtypid,
        rngsubtype,
        rngmultitypid,
        rngcollation: 0,
        rngsubopc,
        rngcanonical: procOidByName(canonical),
        rngsubdiff: procOidByName(subdiff),
      })),
  },
]);
