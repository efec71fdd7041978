// Records PostgreSQL 15's built-in catalog rows (types, functions, operators, casts,
// aggregates, settings, databases) into the top-level catalog/ folder as JSON data.
// Treeline loads these at start; run this only to refresh them from a real PostgreSQL 15:
//   node scripts/catalog/extract-builtins.mjs postgres://postgres@127.0.0.1:55601/postgres
// Invariant: only objects with OIDs below 16384 (those initdb creates) are recorded.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const url = process.argv[2];
if (!url) {
  console.error('usage: extract-builtins.mjs POSTGRES_URL');
  process.exit(2);
}
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'catalog');
const client = new pg.Client({ connectionString: url });
await client.connect();
const version = (await client.query('show server_version_num')).rows[0].server_version_num;
if (!version.startsWith('15')) throw new Error(`expected PostgreSQL 15, got ${version}`);

const queries = {
  types: `
    select t.oid::int, t.typname, n.nspname as namespace, t.typlen::int, t.typbyval, t.typtype,
           t.typcategory, t.typispreferred, t.typisdefined, t.typdelim, t.typrelid::int,
           t.typelem::int, t.typarray::int, t.typinput::text, t.typoutput::text,
           t.typreceive::text, t.typsend::text, t.typmodin::text, t.typmodout::text,
           t.typanalyze::text, t.typalign, t.typstorage, t.typnotnull, t.typbasetype::int,
           t.typtypmod, t.typndims, t.typcollation::int
      from pg_type t join pg_namespace n on n.oid = t.typnamespace
     where t.oid < 16384 and (t.typrelid = 0 or t.typrelid in
           (select oid from pg_class where relnamespace = 'pg_catalog'::regnamespace and relkind in ('r','v')))
     order by t.oid`,
  procs: `
    select p.oid::int, p.proname, n.nspname as namespace, l.lanname as language, p.prokind,
           p.prosecdef, p.proleakproof, p.proisstrict, p.proretset, p.provolatile, p.proparallel,
           p.pronargs::int, p.pronargdefaults::int, p.prorettype::int,
           p.proargtypes::int[] as proargtypes, p.proallargtypes::int[] as proallargtypes,
           p.proargmodes::text[] as proargmodes, p.proargnames, p.provariadic::int, p.prosrc,
           p.prosupport::text,
           case when p.pronargdefaults > 0 then array(
             select pg_get_function_arg_default(p.oid, i)
               from generate_series(1, p.pronargs) i
              where pg_get_function_arg_default(p.oid, i) is not null) end as argdefaults,
           d.description
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      join pg_language l on l.oid = p.prolang
      left join pg_description d on d.objoid = p.oid and d.classoid = 'pg_proc'::regclass and d.objsubid = 0
     where p.oid < 16384 order by p.oid`,
  operators: `
    select o.oid::int, o.oprname, o.oprkind, o.oprcanmerge, o.oprcanhash, o.oprleft::int,
           o.oprright::int, o.oprresult::int, o.oprcom::int, o.oprnegate::int,
           o.oprcode::regproc::text as oprcode, o.oprcode::oid::int as oprcodeoid,
           o.oprrest::text, o.oprjoin::text
      from pg_operator o where o.oid < 16384 order by o.oid`,
  casts: `
    select c.oid::int, c.castsource::int, c.casttarget::int, c.castfunc::int, c.castcontext, c.castmethod
      from pg_cast c where c.oid < 16384 order by c.castsource, c.casttarget`,
  aggregates: `
    select a.aggfnoid::oid::int as aggfnoid, a.aggkind, a.aggnumdirectargs::int,
           a.aggtransfn::oid::int as aggtransfn, a.aggfinalfn::oid::int as aggfinalfn,
           a.aggcombinefn::oid::int as aggcombinefn, a.aggsortop::int, a.aggtranstype::int,
           a.agginitval
      from pg_aggregate a where a.aggfnoid::oid < 16384 order by 1`,
  settings: `
    select name, unit, category, short_desc, extra_desc, context, vartype,
           min_val, max_val, enumvals, boot_val
      from pg_settings order by name`,
};

for (const [name, sql] of Object.entries(queries)) {
  const { rows } = await client.query(sql);
  const lines = rows.map((r) => JSON.stringify(r));
  writeFileSync(join(outDir, `${name}.json`), `[\n${lines.join(',\n')}\n]\n`);
  console.log(`${name}: ${rows.length} rows`);
}
await client.end();
