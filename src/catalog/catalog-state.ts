// The committed catalog of the cluster, in memory: the databases, and for each database its
// objects by OID with the name indexes statements use (schema by name; relation or type by
// schema and name; indexes, constraints and owned sequences by table) and its comments.
// Per-database objects have OIDs unique within their database only, as in PostgreSQL, where a
// new database copies its template's objects with their OIDs. Only committing transactions
// change this state (catalog-txn.ts), synchronously, so readers never see half a change.
import type { CommentRecord, DatabaseRecord, EnumTypeRecord, NamespaceRecord, RelationRecord } from './objects.js';
import type { CatalogRecord } from './objects.js';

/** Records that belong to one database. */
export type DbRecord = Exclude<CatalogRecord, DatabaseRecord | CommentRecord>;

export function commentKey(c: Pick<CommentRecord, 'classOid' | 'objOid' | 'subId'>): string {
  return `${c.classOid}/${c.objOid}/${c.subId}`;
}

function tableOf(r: DbRecord): number | undefined {
  if (r.kind === 'constraint') return r.tableOid;
  if (r.kind === 'relation') return r.index?.tableOid ?? r.ownedBy?.tableOid;
  return undefined;
}

/** One database's objects. */
export class DatabaseCatalog {
  readonly objects = new Map<number, DbRecord>();
  readonly comments = new Map<string, CommentRecord>();
  private readonly namespaces = new Map<string, NamespaceRecord>();
  private readonly relations = new Map<string, RelationRecord>();
  private readonly types = new Map<string, EnumTypeRecord>();
  private readonly dependents = new Map<number, Set<number>>();

  constructor(readonly dbOid: number) {}

  namespaceByName(name: string): NamespaceRecord | undefined {
    return this.namespaces.get(name);
  }

  relationByName(namespaceOid: number, name: string): RelationRecord | undefined {
    return this.relations.get(`${namespaceOid}/${name}`);
  }

  typeByName(namespaceOid: number, name: string): EnumTypeRecord | undefined {
    return this.types.get(`${namespaceOid}/${name}`);
  }

  dependentsOf(tableOid: number): ReadonlySet<number> {
    return this.dependents.get(tableOid) ?? EMPTY;
  }

  put(r: DbRecord): void {
    const old = this.objects.get(r.oid);
    if (old) this.unindex(old);
    this.objects.set(r.oid, r);
    switch (r.kind) {
      case 'namespace':
        this.namespaces.set(r.name, r);
        break;
      case 'relation':
        this.relations.set(`${r.namespaceOid}/${r.name}`, r);
        break;
      case 'enum':
        this.types.set(`${r.namespaceOid}/${r.name}`, r);
        break;
      default:
        break;
    }
    const table = tableOf(r);
    if (table !== undefined) {
      let set = this.dependents.get(table);
      if (!set) this.dependents.set(table, (set = new Set()));
      set.add(r.oid);
    }
  }

  remove(oid: number): void {
    const old = this.objects.get(oid);
    if (!old) return;
    this.unindex(old);
    this.objects.delete(oid);
  }

  private unindex(r: DbRecord): void {
    if (r.kind === 'namespace') this.namespaces.delete(r.name);
    else if (r.kind === 'relation') this.relations.delete(`${r.namespaceOid}/${r.name}`);
    else if (r.kind === 'enum') this.types.delete(`${r.namespaceOid}/${r.name}`);
    const table = tableOf(r);
    if (table !== undefined) this.dependents.get(table)?.delete(r.oid);
  }
}

const EMPTY: ReadonlySet<number> = new Set();

export class CatalogState {
  /** Bumped by every commit that changed the catalog: prepared statements re-analyze. */
  version = 0;
  private readonly databases = new Map<number, DatabaseRecord>();
  private readonly databasesByName = new Map<string, DatabaseRecord>();
  private readonly catalogs = new Map<number, DatabaseCatalog>();

  constructor(public nextOid: number) {}

  database(oid: number): DatabaseRecord | undefined {
    return this.databases.get(oid);
  }

  databaseByName(name: string): DatabaseRecord | undefined {
    return this.databasesByName.get(name);
  }

  allDatabases(): DatabaseRecord[] {
    return [...this.databases.values()].sort((a, b) => a.oid - b.oid);
  }

  /** The objects of a database (an empty catalog for a database being created). */
  catalog(dbOid: number): DatabaseCatalog {
    let c = this.catalogs.get(dbOid);
    if (!c) this.catalogs.set(dbOid, (c = new DatabaseCatalog(dbOid)));
    return c;
  }

  putDatabase(db: DatabaseRecord): void {
    const old = this.databases.get(db.oid);
    if (old) this.databasesByName.delete(old.name);
    this.databases.set(db.oid, db);
    this.databasesByName.set(db.name, db);
  }

  removeDatabase(oid: number): void {
    const old = this.databases.get(oid);
    if (!old) return;
    this.databases.delete(oid);
    this.databasesByName.delete(old.name);
    this.catalogs.delete(oid);
  }
}
