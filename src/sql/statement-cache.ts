// A per-session cache of simple-query texts: the parsed and prepared statements of a query
// string, so a repeated Query message skips parsing and analysis. Entries are valid only for
// the settings they were analyzed under (literals such as dates read per DateStyle) and the
// committed catalog (a table's columns may have changed since); the cache keeps the most
// recently used entries up to a fixed count.
import type { ParsedStatement } from './parser.js';
import type { Prepared } from './statement.js';

export interface CachedQuery {
  statements: ParsedStatement[];
  /** Prepared statements by position, filled as they are first prepared. */
  prepared: (Prepared | undefined)[];
  settingsVersion: number;
  /** The committed catalog's version the statements were prepared against. */
  catalogVersion: number;
}

export class StatementCache {
  private readonly entries = new Map<string, CachedQuery>();

  constructor(private readonly capacity = 256) {}

  get(text: string, settingsVersion: number, catalogVersion = 0): CachedQuery | undefined {
    const entry = this.entries.get(text);
    if (!entry) return undefined;
    if (entry.settingsVersion !== settingsVersion || entry.catalogVersion !== catalogVersion) {
      entry.prepared = [];
      entry.settingsVersion = settingsVersion;
      entry.catalogVersion = catalogVersion;
    }
    this.entries.delete(text);
    this.entries.set(text, entry);
    return entry;
  }

  add(text: string, statements: ParsedStatement[], settingsVersion: number, catalogVersion = 0): CachedQuery {
    const entry: CachedQuery = { statements, prepared: [], settingsVersion, catalogVersion };
    this.entries.set(text, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}
