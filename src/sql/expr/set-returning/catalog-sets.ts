// Set-returning catalog functions: pg_options_to_table (the name=value pairs of an options
// array, e.g. reloptions), aclexplode (one row per privilege of an ACL: grantor, grantee, the
// privilege's name, whether it may be granted on; PUBLIC is grantee 0) and
// pg_partition_ancestors (Treeline has no partitioning: a relation has no partition ancestors).
import { ACL_RIGHTS } from '../../types/aclitem.js';
import type { ArrayValue, Value } from '../../types/value.js';
import { roleByName } from '../../system/roles.js';
import type { SetReturningTable } from './registry.js';

const PRIVILEGE_NAMES: Record<string, string> = {
  a: 'INSERT',
  r: 'SELECT',
  w: 'UPDATE',
  d: 'DELETE',
  D: 'TRUNCATE',
  x: 'REFERENCES',
  t: 'TRIGGER',
  X: 'EXECUTE',
  U: 'USAGE',
  C: 'CREATE',
  T: 'TEMPORARY',
  c: 'CONNECT',
  s: 'SET',
  A: 'ALTER SYSTEM',
};

function* options(a: ArrayValue): Generator<Value[]> {
  for (const e of a.elements) {
    if (e === null) continue;
    const text = e as string;
    const eq = text.indexOf('=');
    yield eq < 0 ? [text, null] : [text.slice(0, eq), text.slice(eq + 1)];
  }
}

/** The OID of a role named in an ACL item (a number when the role no longer exists). */
function roleOid(name: string): number {
  if (name === '') return 0;
  const unquoted = name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name;
  return roleByName(unquoted)?.oid ?? Number(unquoted);
}

function* explode(acl: ArrayValue): Generator<Value[]> {
  for (const item of acl.elements) {
    if (item === null) continue;
    const m = /^(.*)=([A-Za-z*]*)\/(.*)$/.exec(item as string);
    if (!m) continue;
    const grantee = roleOid(m[1]!);
    const grantor = roleOid(m[3]!);
    for (const c of ACL_RIGHTS) {
      const at = m[2]!.indexOf(c);
      if (at >= 0) yield [grantor, grantee, PRIVILEGE_NAMES[c]!, m[2]![at + 1] === '*'];
    }
  }
}

export const catalogSetFunctions: SetReturningTable = {
  pg_options_to_table: (a) => options(a[0] as ArrayValue),
  aclexplode: (a) => explode(a[0] as ArrayValue),
  pg_partition_ancestors: () => [],
};
