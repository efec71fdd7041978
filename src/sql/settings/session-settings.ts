// One session's configuration settings with PostgreSQL's transactional semantics:
// SET inside a transaction is undone by ROLLBACK; SET LOCAL lasts until the transaction ends;
// RESET returns to the session's start value (the default, or what the startup packet set).
// It also remembers which reported settings (GUC_REPORT) changed, so the connection can send
// ParameterStatus before the next ReadyForQuery.
//
// Invariant: stored values are canonical (checked when set); a value in effect is
// local ?? session ?? start ?? default.
import { DbError, SqlState } from '../../errors.js';
import { allSettingDefinitions, reportedSettingDefinitions, settingDefinition, type SettingDefinition } from './definitions.js';
import { runCheckHook } from './special.js';
import { canonicalSettingValue, displaySettingValue } from './values.js';

/** Where a SET comes from; it decides which settings may change. */
export type SetSource = 'startup' | 'session' | 'server';

/** Transaction-scoped settings and the session defaults they start from. */
const TRANSACTION_DEFAULTS: Record<string, string | undefined> = {
  transaction_isolation: 'default_transaction_isolation',
  transaction_read_only: 'default_transaction_read_only',
  transaction_deferrable: 'default_transaction_deferrable',
};

/** The session and SET LOCAL values at a savepoint. */
export interface SettingsMark {
  readonly session: ReadonlyMap<string, string>;
  readonly local: ReadonlyMap<string, string>;
}

export class SessionSettings {
  /** Values given at connection start (the RESET target). */
  private readonly start = new Map<string, string>();
  /** Values set by SET in the session. */
  private readonly session = new Map<string, string>();
  /** Values set by SET LOCAL, until the transaction ends. */
  private readonly local = new Map<string, string>();
  /** Session values as they were before the current transaction changed them. */
  private txnSaved: Map<string, string | undefined> | null = null;
  /** Custom (placeholder) settings such as `myapp.user_id`, defined by SET. */
  private readonly custom = new Map<string, SettingDefinition>();
  /** Reported values last sent to the client, to send only real changes. */
  private readonly reported = new Map<string, string>();
  /** Bumped on every change, so derived state (type context, plans) can be cached. */
  version = 0;
  /** The version at the last takeReportChanges(). */
  private reportedVersion = -1;

  constructor(private readonly serverDefaults: ReadonlyMap<string, string> = new Map()) {}

  private definition(name: string, forSet: boolean): SettingDefinition {
    const key = name.toLowerCase();
    const def = settingDefinition(key) ?? this.custom.get(key);
    if (def) return def;
    if (forSet && isCustomName(key)) {
      const created = customDefinition(key);
      this.custom.set(key, created);
      return created;
    }
    throw new DbError(SqlState.UndefinedObject, `unrecognized configuration parameter "${name}"`);
  }

  /** True when the name is a known setting (or a custom one already set). */
  has(name: string): boolean {
    const key = name.toLowerCase();
    return settingDefinition(key) !== undefined || this.custom.has(key);
  }

  /** The stored (canonical) value in effect; throws 42704 for unknown names. */
  get(name: string): string {
    const def = this.definition(name, false);
    return this.valueOf(def);
  }

  private valueOf(def: SettingDefinition): string {
    const key = def.name.toLowerCase();
    const local = this.local.get(key);
    if (local !== undefined) return local;
    // transaction_isolation etc. start each transaction from their default_ counterparts
    const defaultOf = TRANSACTION_DEFAULTS[key];
    if (defaultOf) return this.get(defaultOf);
    return this.session.get(key) ?? this.start.get(key) ?? this.serverDefaults.get(key) ?? def.defaultValue;
  }

  /** The value as SHOW prints it, with the setting's canonical name. */
  show(name: string): { name: string; value: string } {
    const def = this.definition(name, false);
    return { name: def.name, value: displaySettingValue(def, this.valueOf(def)) };
  }

  /** Every visible setting as SHOW ALL lists it: name, value, description. */
  showAll(): { name: string; value: string; description: string }[] {
    return allSettingDefinitions()
      .filter((d) => !d.hidden)
      .map((d) => ({ name: d.name, value: displaySettingValue(d, this.valueOf(d)), description: d.shortDesc }));
  }

  /**
   * SET name = value (value null means DEFAULT). `local` is SET LOCAL; `inTransactionBlock`
   * tells whether ROLLBACK can undo it.
   */
  set(name: string, value: string | null, options: { local?: boolean; source?: SetSource } = {}): void {
    const def = this.definition(name, true);
    const source = options.source ?? 'session';
    checkContext(def, source);
    const key = def.name.toLowerCase();
    let canonical: string | undefined;
    if (value !== null) {
      canonical = runCheckHook(def, canonicalSettingValue(def, value, name), this.valueOf(def));
    }
    if (source === 'startup' || source === 'server') {
      if (canonical !== undefined) this.start.set(key, canonical);
      this.version++;
      return;
    }
    if (options.local || TRANSACTION_DEFAULTS[key]) {
      // SET transaction_isolation is always transaction-local, as in PostgreSQL
      this.local.set(key, canonical ?? this.resetValue(def));
    } else {
      this.saveForRollback(key);
      if (canonical === undefined) this.session.delete(key);
      else this.session.set(key, canonical);
      this.local.delete(key);
    }
    this.version++;
  }

  /** RESET ALL: every resettable setting back to its start value. */
  resetAll(): void {
    for (const key of [...this.session.keys()]) {
      const def = settingDefinition(key) ?? this.custom.get(key);
      if (def?.noResetAll) continue;
      this.saveForRollback(key);
      this.session.delete(key);
    }
    for (const key of [...this.local.keys()]) {
      const def = settingDefinition(key) ?? this.custom.get(key);
      if (!def?.noResetAll) this.local.delete(key);
    }
    this.version++;
  }

  private resetValue(def: SettingDefinition): string {
    const key = def.name.toLowerCase();
    return this.start.get(key) ?? this.serverDefaults.get(key) ?? def.defaultValue;
  }

  private saveForRollback(key: string): void {
    if (this.txnSaved && !this.txnSaved.has(key)) this.txnSaved.set(key, this.session.get(key));
  }

  /** The session's values now, for ROLLBACK TO SAVEPOINT to restore. */
  mark(): SettingsMark {
    return { session: new Map(this.session), local: new Map(this.local) };
  }

  /** Restores the values of a mark (SETs made since are undone). */
  rollbackTo(mark: SettingsMark): void {
    for (const [target, saved] of [
      [this.session, mark.session],
      [this.local, mark.local],
    ] as const) {
      target.clear();
      for (const [k, v] of saved) target.set(k, v);
    }
    this.version++;
  }

  /** A transaction starts: remember values so ROLLBACK can restore them. */
  beginTransaction(): void {
    this.txnSaved = new Map();
  }

  /** The transaction ended; on abort, SETs made inside it are undone. */
  endTransaction(committed: boolean): void {
    let changed = this.local.size > 0;
    if (this.txnSaved && !committed) {
      for (const [key, value] of this.txnSaved) {
        if (value === undefined) this.session.delete(key);
        else this.session.set(key, value);
        changed = true;
      }
    }
    this.txnSaved = null;
    this.local.clear();
    if (changed) this.version++;
  }

  /** Reported settings whose value changed since the last call (all of them the first time). */
  takeReportChanges(): [name: string, value: string][] {
    if (this.reportedVersion === this.version) return [];
    this.reportedVersion = this.version;
    const out: [string, string][] = [];
    for (const def of reportedSettingDefinitions()) {
      const value = displaySettingValue(def, this.valueOf(def));
      if (this.reported.get(def.name) !== value) {
        this.reported.set(def.name, value);
        out.push([def.name, value]);
      }
    }
    return out;
  }
}

function isCustomName(key: string): boolean {
  return /^[a-z_][a-z0-9_$]*(\.[a-z_][a-z0-9_$]*)+$/.test(key);
}

function customDefinition(key: string): SettingDefinition {
  return {
    name: key,
    type: 'string',
    context: 'user',
    unit: null,
    min: null,
    max: null,
    enumValues: null,
    defaultValue: '',
    category: 'Customized Options',
    shortDesc: '',
    extraDesc: null,
    report: false,
    listInput: false,
    listQuote: false,
    hidden: false,
    noResetAll: false,
  };
}

function checkContext(def: SettingDefinition, source: SetSource): void {
  if (source === 'server') return;
  switch (def.context) {
    case 'internal':
      throw new DbError(SqlState.CantChangeRuntimeParam, `parameter "${def.name}" cannot be changed`);
    case 'postmaster':
      throw new DbError(
        SqlState.CantChangeRuntimeParam,
        `parameter "${def.name}" cannot be changed without restarting the server`,
      );
    case 'sighup':
      throw new DbError(SqlState.CantChangeRuntimeParam, `parameter "${def.name}" cannot be changed now`);
    case 'backend':
    case 'superuser-backend':
      if (source !== 'startup') {
        throw new DbError(
          SqlState.CantChangeRuntimeParam,
          `parameter "${def.name}" cannot be set after connection start`,
        );
      }
      return;
    default:
      return;
  }
}
