// Compares one statement's captured result (wire-session.mjs) with PostgreSQL's recorded one,
// by the rules of the shared conformance harness: command tag, column names, type OIDs
// (created types as 'user'), rows as text, SQLSTATE of errors; and in the extended protocol
// the columns that Describe(statement) reported. Rows are compared in order when the
// statement has a top-level ORDER BY (or `-- @ordered`), otherwise as a multiset. Not
// compared unless asked: error messages, type modifiers. Each difference is one line of text.

const TYPE_NAMES = new Map(Object.entries({
  16: 'bool', 17: 'bytea', 18: 'char', 19: 'name', 20: 'int8', 21: 'int2', 23: 'int4', 24: 'regproc', 25: 'text',
  26: 'oid', 114: 'json', 700: 'float4', 701: 'float8', 705: 'unknown', 790: 'money', 1000: '_bool', 1005: '_int2',
  1007: '_int4', 1009: '_text', 1016: '_int8', 1021: '_float4', 1022: '_float8', 1042: 'bpchar', 1043: 'varchar',
  1082: 'date', 1083: 'time', 1114: 'timestamp', 1184: 'timestamptz', 1186: 'interval', 1231: '_numeric',
  1266: 'timetz', 1560: 'bit', 1562: 'varbit', 1700: 'numeric', 2205: 'regclass', 2206: 'regtype', 2249: 'record',
  2278: 'void', 2950: 'uuid', 3802: 'jsonb', 3904: 'int4range', user: 'user type',
}));

/** A type OID's name, for messages. */
export const typeName = (type) => TYPE_NAMES.get(String(type)) ?? `oid ${type}`;

/** Shortens text to one line of at most n characters. */
export function clip(text, n) {
  const s = String(text).replace(/\s+/g, ' ').trim();
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

const showValue = (v) => (v === null ? 'NULL' : clip(JSON.stringify(v), 60));
export const showRow = (row) => `(${row.map(showValue).join(', ')})`;
const showColumns = (cols, types = true) => `(${cols.map((c) => (types ? `${c.name} ${typeName(c.type)}` : c.name)).join(', ')})`;
const showRows = (rows) => rows.slice(0, 3).map(showRow).join(' ') + (rows.length > 3 ? ` … (${rows.length} in all)` : '');

/** A result in a few words: `"SELECT 2" (a int4, b text) 2 rows`, `error 42P01 (…)`. */
export function summarize(r) {
  if (!r) return 'nothing';
  if (!r.ok) {
    if (r.kind === 'sql') return `error ${r.code} (${clip(r.message, 100)})`;
    if (r.kind === 'notrun') return `not run (${r.message})`;
    return `${r.kind === 'timeout' ? 'timeout' : 'connection failure'} (${r.message})`;
  }
  const tag = r.tag === '' ? 'empty query' : JSON.stringify(r.tag);
  return r.columns ? `${tag} ${showColumns(r.columns)} ${r.rows.length} row${r.rows.length === 1 ? '' : 's'}` : tag;
}

/**
 * The differences between PostgreSQL's result (want) and the target's (got).
 * @param {object} want
 * @param {object} got
 * @param {{ ordered?: boolean, ignoreValues?: boolean, ignoreTypes?: boolean, strictMessages?: boolean, compareTypmod?: boolean }} opts
 * @returns {string[]} empty when they match
 */
export function compareResults(want, got, opts = {}) {
  if (!want.ok && want.kind !== 'sql') return [`reference failed: ${summarize(want)}`];
  if (!got.ok && got.kind !== 'sql') return [`target ${got.kind === 'timeout' ? 'timed out' : 'connection failed'}: ${got.message}`];
  if (!want.ok || !got.ok) return compareErrors(want, got, opts);

  const diffs = [];
  if (want.tag !== got.tag) diffs.push(`tag: expected ${JSON.stringify(want.tag)}, got ${JSON.stringify(got.tag)}`);
  if (Boolean(want.columns) !== Boolean(got.columns)) {
    diffs.push(want.columns ? `expected a result set ${showColumns(want.columns)}, got none` : `expected no result set, got ${showColumns(got.columns)}`);
    return diffs;
  }
  if (want.columns) {
    const d = compareColumns(want.columns, got.columns, opts);
    if (d) diffs.push(d);
  }
  if (want.describe !== undefined && got.describe !== undefined) {
    const d = compareDescribe(want.describe, got.describe, opts);
    if (d) diffs.push(d);
  }
  if (want.columns) {
    const d = opts.ignoreValues
      ? want.rows.length === got.rows.length ? null : `row count: expected ${want.rows.length}, got ${got.rows.length}`
      : opts.ordered ? compareOrdered(want.rows, got.rows) : compareMultisets(want.rows, got.rows);
    if (d) diffs.push(d);
  }
  return diffs;
}

function compareErrors(want, got, opts) {
  if (want.ok) return [`expected success: ${summarize(want)}, got error ${got.code} (${clip(got.message, 100)})`];
  if (got.ok) return [`expected error ${want.code} (${clip(want.message, 80)}), got success: ${summarize(got)}`];
  if (want.code !== got.code) return [`SQLSTATE: expected ${want.code} (${clip(want.message, 80)}), got ${got.code} (${clip(got.message, 80)})`];
  if (opts.strictMessages && want.message !== got.message) return [`message: expected ${JSON.stringify(want.message)}, got ${JSON.stringify(got.message)}`];
  return [];
}

function compareColumns(want, got, opts) {
  if (want.length !== got.length || want.some((c, i) => c.name !== got[i].name)) {
    return `columns: expected ${showColumns(want, false)}, got ${showColumns(got, false)}`;
  }
  if (opts.ignoreTypes) return null;
  const pairs = want.map((c, i) => [c, got[i]]);
  const badTypes = pairs.filter(([w, g]) => w.type !== g.type);
  if (badTypes.length > 0) return `column types: ${badTypes.map(([w, g]) => `${w.name} expected ${typeName(w.type)}, got ${typeName(g.type)}`).join('; ')}`;
  const badTypmods = opts.compareTypmod ? pairs.filter(([w, g]) => w.typmod !== g.typmod) : [];
  if (badTypmods.length > 0) return `column typmods: ${badTypmods.map(([w, g]) => `${w.name} expected ${w.typmod}, got ${g.typmod}`).join('; ')}`;
  return null;
}

function compareDescribe(want, got, opts) {
  if (!want !== !got) return want ? `Describe(statement): expected ${showColumns(want)}, got NoData` : `Describe(statement): expected NoData, got ${showColumns(got)}`;
  const d = want && compareColumns(want, got, { ...opts, compareTypmod: false });
  return d ? `Describe(statement) ${d}` : null;
}

function compareOrdered(want, got) {
  const n = Math.min(want.length, got.length);
  for (let i = 0; i < n; i++) {
    if (JSON.stringify(want[i]) !== JSON.stringify(got[i])) {
      const counts = want.length === got.length ? '' : ` (and ${want.length} rows expected, ${got.length} got)`;
      return `row ${i + 1} (ordered): expected ${showRow(want[i])}, got ${showRow(got[i])}${counts}`;
    }
  }
  if (want.length > got.length) return `rows: expected ${want.length}, got ${got.length}; missing ${showRows(want.slice(n))}`;
  if (want.length < got.length) return `rows: expected ${want.length}, got ${got.length}; unexpected ${showRows(got.slice(n))}`;
  return null;
}

/** Rows of `a` left over after matching each row of `b` once. */
function leftOver(a, b) {
  const count = new Map();
  for (const row of b) count.set(JSON.stringify(row), (count.get(JSON.stringify(row)) ?? 0) + 1);
  return a.filter((row) => {
    const k = JSON.stringify(row);
    const c = count.get(k) ?? 0;
    if (c > 0) count.set(k, c - 1);
    return c === 0;
  });
}

function compareMultisets(want, got) {
  const missing = leftOver(want, got);
  const unexpected = leftOver(got, want);
  if (missing.length === 0 && unexpected.length === 0) return null;
  const parts = [];
  if (missing.length > 0) parts.push(`missing ${showRows(missing)}`);
  if (unexpected.length > 0) parts.push(`unexpected ${showRows(unexpected)}`);
  const counts = want.length === got.length ? '' : ` (expected ${want.length} rows, got ${got.length})`;
  return `rows differ${counts}: ${parts.join('; ')}`;
}
