// pg_get_keywords(): PostgreSQL 15's SQL keywords with their category (U unreserved, C
// unreserved but not a function or type name, T reserved but allowed as a function or type
// name, R reserved) and whether they may be a bare column label. Data recorded from
// PostgreSQL 15's pg_get_keywords(); each entry is `word[:category][!]` (category U when
// omitted, `!` when the keyword requires AS).
import type { Value } from '../../types/value.js';
import type { SetReturningTable } from './registry.js';

const KEYWORDS =
  'abort absolute access action add admin after aggregate all:R also alter always analyse:R ' +
  'analyze:R and:R any:R array:R! as:R! asc:R asensitive assertion assignment asymmetric:R at ' +
  'atomic attach attribute authorization:T backward before begin between:C bigint:C binary:T bit:C ' +
  'boolean:C both:R breadth by cache call called cascade cascaded case:R cast:R catalog chain ' +
  'char:C! character:C! characteristics check:R checkpoint class close cluster coalesce:C collate:R ' +
  'collation:T column:R columns comment comments commit committed compression concurrently:T ' +
  'configuration conflict connection constraint:R constraints content continue conversion copy cost ' +
  'create:R! cross:T csv cube current current_catalog:R current_date:R current_role:R ' +
  'current_schema:T current_time:R current_timestamp:R current_user:R cursor cycle data database ' +
  'day! deallocate dec:C decimal:C declare default:R defaults deferrable:R deferred definer delete ' +
  'delimiter delimiters depends depth desc:R detach dictionary disable discard distinct:R do:R ' +
  'document domain double drop each else:R enable encoding encrypted end:R enum escape event ' +
  'except:R! exclude excluding exclusive execute exists:C explain expression extension external ' +
  'extract:C false:R family fetch:R! filter! finalize first float:C following for:R! force ' +
  'foreign:R forward freeze:T from:R! full:T function functions generated global grant:R! granted ' +
  'greatest:C group:R! grouping:C groups handler having:R! header hold hour! identity if ilike:T ' +
  'immediate immutable implicit import in:R include including increment index indexes inherit ' +
  'inherits initially:R inline inner:T inout:C input insensitive insert instead int:C integer:C ' +
  'intersect:R! interval:C into:R! invoker is:T isnull:T! isolation join:T key label language large ' +
  'last lateral:R leading:R leakproof least:C left:T level like:T limit:R! listen load local ' +
  'localtime:R localtimestamp:R location lock locked logged mapping match matched materialized ' +
  'maxvalue merge method minute! minvalue mode month! move name names national:C natural:T nchar:C ' +
  'new next nfc nfd nfkc nfkd no none:C normalize:C normalized not:R nothing notify notnull:T! ' +
  'nowait null:R nullif:C nulls numeric:C object of off offset:R! oids old on:R! only:R operator ' +
  'option options or:R order:R! ordinality others out:C outer:T over! overlaps:T! overlay:C ' +
  'overriding owned owner parallel parameter parser partial partition passing password placing:R ' +
  'plans policy position:C preceding precision:C! prepare prepared preserve primary:R prior ' +
  'privileges procedural procedure procedures program publication quote range read real:C reassign ' +
  'recheck recursive ref references:R referencing refresh reindex relative release rename ' +
  'repeatable replace replica reset restart restrict return returning:R! returns revoke right:T ' +
  'role rollback rollup routine routines row:C rows rule savepoint schema schemas scroll search ' +
  'second! security select:R sequence sequences serializable server session session_user:R set ' +
  'setof:C sets share show similar:T simple skip smallint:C snapshot some:R sql stable standalone ' +
  'start statement statistics stdin stdout storage stored strict strip subscription substring:C ' +
  'support symmetric:R sysid system table:R tables tablesample:T tablespace temp template temporary ' +
  'text then:R ties time:C timestamp:C to:R! trailing:R transaction transform treat:C trigger ' +
  'trim:C true:R truncate trusted type types uescape unbounded uncommitted unencrypted union:R! ' +
  'unique:R unknown unlisten unlogged until update user:R using:R vacuum valid validate validator ' +
  'value values:C varchar:C variadic:R varying! verbose:T version view views volatile when:R ' +
  'where:R! whitespace window:R! with:R! within! without! work wrapper write xml xmlattributes:C ' +
  'xmlconcat:C xmlelement:C xmlexists:C xmlforest:C xmlnamespaces:C xmlparse:C xmlpi:C xmlroot:C ' +
  'xmlserialize:C xmltable:C year! yes zone ';

const CATEGORIES: Record<string, string> = {
  U: 'unreserved',
  C: 'unreserved (cannot be function or type name)',
  T: 'reserved (can be function or type name)',
  R: 'reserved',
};

let rows: Value[][] | null = null;

function keywordRows(): Value[][] {
  rows ??= KEYWORDS.trim()
    .split(' ')
    .map((entry) => {
      const m = /^([a-z_]+)(?::([CTR]))?(!)?$/.exec(entry)!;
      const category = m[2] ?? 'U';
      const bare = m[3] === undefined;
      return [m[1]!, category, bare, CATEGORIES[category]!, bare ? 'can be bare label' : 'requires AS'];
    });
  return rows;
}

export const keywordFunctions: SetReturningTable = {
  pg_get_keywords: () => keywordRows().map((r) => r.slice()),
};
