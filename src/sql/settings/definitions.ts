// The definitions of every configuration setting (PostgreSQL's GUC variables): PostgreSQL 15's
// own list from catalog/settings.json, the few hidden ones pg_settings does not show, and the
// defaults that a freshly initialised Treeline server uses instead of PostgreSQL's boot values.
// Invariant: names are looked up case-insensitively; `name` keeps PostgreSQL's spelling.
import { builtins, type SettingRow } from '../../catalog/builtins.js';
import { PG_SERVER_VERSION, PG_SERVER_VERSION_NUM } from '../../version.js';

export type SettingType = 'bool' | 'integer' | 'real' | 'string' | 'enum';
export type SettingContext =
  | 'internal'
  | 'postmaster'
  | 'sighup'
  | 'superuser-backend'
  | 'backend'
  | 'superuser'
  | 'user';

export interface SettingDefinition {
  /** PostgreSQL's spelling, e.g. `DateStyle`. */
  readonly name: string;
  readonly type: SettingType;
  readonly context: SettingContext;
  readonly unit: string | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly enumValues: readonly string[] | null;
  /** The value a new session starts with, in canonical form. */
  readonly defaultValue: string;
  readonly category: string;
  readonly shortDesc: string;
  readonly extraDesc: string | null;
  /** Sent to the client as ParameterStatus at start and whenever it changes (GUC_REPORT). */
  readonly report: boolean;
  /** Accepts a comma-separated list in SET (GUC_LIST_INPUT). */
  readonly listInput: boolean;
  /** List elements are quoted as identifiers when needed (GUC_LIST_QUOTE). */
  readonly listQuote: boolean;
  /** Left out of SHOW ALL and pg_settings (GUC_NO_SHOW_ALL). */
  readonly hidden: boolean;
  /** Not touched by RESET ALL (GUC_NO_RESET_ALL). */
  readonly noResetAll: boolean;
}

const REPORTED = new Set([
  'application_name',
  'client_encoding',
  'datestyle',
  'default_transaction_read_only',
  'in_hot_standby',
  'integer_datetimes',
  'intervalstyle',
  'is_superuser',
  'server_encoding',
  'server_version',
  'session_authorization',
  'standard_conforming_strings',
  'timezone',
]);

const LIST_INPUT = new Set([
  'search_path',
  'temp_tablespaces',
  'datestyle',
  'session_preload_libraries',
  'local_preload_libraries',
  'shared_preload_libraries',
  'log_destination',
  'debug_io_direct',
]);
const LIST_QUOTE = new Set(['search_path', 'temp_tablespaces', 'session_preload_libraries', 'local_preload_libraries', 'shared_preload_libraries']);
const NO_RESET_ALL = new Set([
  'transaction_isolation',
  'transaction_read_only',
  'transaction_deferrable',
  'session_authorization',
  'role',
]);

/** Values a Treeline cluster has where initdb or the server itself sets them in PostgreSQL. */
function treelineDefaults(): Record<string, string> {
  return {
    server_version: PG_SERVER_VERSION,
    server_version_num: String(PG_SERVER_VERSION_NUM),
    server_encoding: 'UTF8',
    client_encoding: 'UTF8',
    lc_collate: 'C',
    lc_ctype: 'C',
    lc_messages: 'C',
    lc_monetary: 'C',
    lc_numeric: 'C',
    lc_time: 'C',
    default_text_search_config: 'pg_catalog.english',
    TimeZone: systemTimeZone(),
    log_timezone: systemTimeZone(),
    listen_addresses: '127.0.0.1',
    data_directory_mode: '448',
    timezone_abbreviations: 'Default',
    shared_memory_size: '0',
  };
}

/** The operating system's time zone, as initdb would pick it. */
function systemTimeZone(): string {
  const tz = process.env.TZ || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return tz === 'Etc/UTC' || tz === 'Etc/Universal' || tz === 'Universal' ? 'Etc/UTC' : tz;
}

function fromRow(row: SettingRow, overrides: Record<string, string>): SettingDefinition {
  const lower = row.name.toLowerCase();
  return {
    name: row.name,
    type: row.vartype as SettingType,
    context: row.context as SettingContext,
    unit: row.unit,
    min: row.min_val === null ? null : Number(row.min_val),
    max: row.max_val === null ? null : Number(row.max_val),
    enumValues: row.enumvals,
    defaultValue: overrides[row.name] ?? row.boot_val ?? '',
    category: row.category,
    shortDesc: row.short_desc,
    extraDesc: row.extra_desc,
    report: REPORTED.has(lower),
    listInput: LIST_INPUT.has(lower),
    listQuote: LIST_QUOTE.has(lower),
    hidden: false,
    noResetAll: NO_RESET_ALL.has(lower),
  };
}

function hidden(name: string, type: SettingType, context: SettingContext, defaultValue: string, shortDesc: string): SettingDefinition {
  const lower = name.toLowerCase();
  return {
    name,
    type,
    context,
    unit: null,
    min: null,
    max: null,
    enumValues: null,
    defaultValue,
    category: 'Preset Options',
    shortDesc,
    extraDesc: null,
    report: REPORTED.has(lower),
    listInput: false,
    listQuote: false,
    hidden: true,
    noResetAll: NO_RESET_ALL.has(lower),
  };
}

function buildDefinitions(): Map<string, SettingDefinition> {
  const overrides = treelineDefaults();
  const map = new Map<string, SettingDefinition>();
  for (const row of builtins().settings) map.set(row.name.toLowerCase(), fromRow(row, overrides));
  for (const def of [
    hidden('is_superuser', 'bool', 'internal', 'on', 'Shows whether the current user is a superuser.'),
    hidden('session_authorization', 'string', 'superuser', 'postgres', 'Sets the session user name.'),
    hidden('role', 'string', 'user', 'none', 'Sets the current role.'),
    hidden('seed', 'real', 'user', 'unavailable', 'Sets the seed for random-number generation.'),
  ]) {
    map.set(def.name.toLowerCase(), def);
  }
  return map;
}

let definitions: Map<string, SettingDefinition> | null = null;
let sorted: readonly SettingDefinition[] | null = null;
let reported: readonly SettingDefinition[] | null = null;

function all(): Map<string, SettingDefinition> {
  if (!definitions) definitions = buildDefinitions();
  return definitions;
}

/** The definition of a setting, looked up case-insensitively. */
export function settingDefinition(name: string): SettingDefinition | undefined {
  return all().get(name.toLowerCase());
}

/** Every setting definition, in name order (as SHOW ALL lists them). */
export function allSettingDefinitions(): readonly SettingDefinition[] {
  sorted ??= [...all().values()].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
  return sorted;
}

/** The settings reported to clients with ParameterStatus (GUC_REPORT), in name order. */
export function reportedSettingDefinitions(): readonly SettingDefinition[] {
  reported ??= allSettingDefinitions().filter((d) => d.report);
  return reported;
}
