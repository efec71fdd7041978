// Session and server information functions: version(), pg_backend_pid(), current_database(),
// current_schema(), current_user/session_user (the function forms), current_setting() and
// set_config(), pg_typeof(), the encoding names (always UTF8), num_nulls/num_nonnulls and
// pg_is_in_recovery()/pg_jit_available() (always false).
// Requires: session facts come from ctx.session; pg_typeof reads its argument's resolved type
// from call.argTypes, so it works for a null argument too.
import { DbError, SqlState, notSupported } from '../../../errors.js';
import { VERSION_STRING } from '../../../version.js';
import type { FunctionTable } from './registry.js';

export const systemFunctions: FunctionTable = {
  pgsql_version: () => VERSION_STRING,
  pg_backend_pid: (_a, ctx) => ctx.session.backendPid,
  current_database: (_a, ctx) => ctx.session.database,
  current_schema: (_a, ctx) => ctx.session.searchPath(false)[0] ?? null,
  current_user: (_a, ctx) => ctx.session.user,
  session_user: (_a, ctx) => ctx.session.user,
  show_config_by_name: (a, ctx) => ctx.session.getSetting(a[0] as string, false),
  show_config_by_name_missing_ok: (a, ctx) => ctx.session.getSetting(a[0] as string, a[1] as boolean),
  set_config_by_name: (a, ctx) => {
    if (a[0] === null) throw new DbError(SqlState.NullValueNotAllowed, 'SET requires parameter name');
    // PostgreSQL resets the setting for a null value; SessionInfo has no reset yet
    if (a[1] === null) throw notSupported('set_config() with a null value');
    return ctx.session.setSetting(a[0] as string, a[1] as string, a[2] === true);
  },
  // returns regtype: the OID, which regtype's output prints as the type's name
  pg_typeof: (_a, _ctx, call) => call.argTypes[0]!,
  getdatabaseencoding: () => 'UTF8',
  pg_client_encoding: () => 'UTF8',
  pg_num_nulls: (a) => a.filter((v) => v === null).length,
  pg_num_nonnulls: (a) => a.filter((v) => v !== null).length,
  pg_is_in_recovery: () => false,
  pg_jit_available: () => false,
};
