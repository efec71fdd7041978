// Names PostgreSQL makes up for implicit objects (makeObjectName / ChooseRelationName /
// ChooseConstraintName): `table_col_key`, `table_pkey`, `table_col_seq`, `table_col_check`,
// cut to 63 bytes by shortening the longer part first, and made unique with a digit.

import type { CatalogTxn } from '../../catalog/catalog-txn.js';

const NAMEDATALEN = 64;

/** Names in a schema that relations (tables, indexes, sequences, views) may not reuse. */
export function relationNameTaken(catalog: CatalogTxn, namespaceOid: number, name: string, extra: ReadonlySet<string>): boolean {
  return extra.has(name) || catalog.relationByName(namespaceOid, name) !== undefined || catalog.typeByName(namespaceOid, name) !== undefined;
}

function byteLength(s: string): number {
  return Buffer.byteLength(s);
}

/** Cuts a string to at most `bytes` bytes without splitting a character. */
function clip(s: string, bytes: number): string {
  let out = s;
  while (byteLength(out) > bytes) out = out.slice(0, -1);
  return out;
}

export function makeObjectName(name1: string, name2: string | null, label: string): string {
  const overhead = (label ? byteLength(label) + 1 : 0) + (name2 ? 1 : 0);
  let n1 = name1;
  let n2 = name2 ?? '';
  const avail = NAMEDATALEN - 1 - overhead;
  while (byteLength(n1) + byteLength(n2) > avail) {
    if (byteLength(n1) > byteLength(n2)) n1 = clip(n1, byteLength(n1) - 1);
    else n2 = clip(n2, byteLength(n2) - 1);
  }
  return [n1, name2 ? n2 : null, label || null].filter((p) => p !== null).join('_');
}

/** A name not taken yet: label, then label1, label2, ... */
export function chooseName(name1: string, name2: string | null, label: string, taken: (name: string) => boolean): string {
  for (let pass = 0; ; pass++) {
    const name = makeObjectName(name1, name2, pass === 0 ? label : `${label}${pass}`);
    if (!taken(name)) return name;
  }
}

/** Identifiers longer than 63 bytes are truncated, as PostgreSQL does (with a NOTICE there). */
export function truncateIdentifier(name: string): string {
  return clip(name, NAMEDATALEN - 1);
}
