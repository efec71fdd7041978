// Session/system information functions and random()/setseed(), with a fake session.
import { describe, expect, it } from 'vitest';
import { DbError } from '../../../../src/errors.js';
import { functionImpl } from '../../../../src/sql/expr/functions/index.js';
import type { CallInfo, EvalContext, SessionInfo } from '../../../../src/sql/expr/functions/registry.js';
import type { Value } from '../../../../src/sql/types/value.js';
import { VERSION_STRING } from '../../../../src/version.js';

function fakeSession(): SessionInfo {
  const settings = new Map([['application_name', 'psql'], ['DateStyle', 'ISO, MDY']]);
  return {
    user: 'alice',
    database: 'shop',
    backendPid: 4242,
    applicationName: 'psql',
    getSetting(name, missingOk) {
      const v = settings.get(name);
      if (v !== undefined) return v;
      if (missingOk) return null;
      throw new DbError('42704', `unrecognized configuration parameter "${name}"`);
    },
    setSetting(name, value) {
      settings.set(name, value);
      return value;
    },
    sequences: { next: () => 1n, current: () => 1n, set: (_oid, value) => value, last: () => 1n },
    searchPath: () => ['public'],
    notice: () => {},
  };
}

function context(session = fakeSession()): EvalContext {
  return { session } as unknown as EvalContext;
}

function run(prosrc: string, args: Value[], ctx = context(), argTypes: number[] = []): Value {
  const fn = functionImpl(prosrc);
  if (!fn) throw new Error(`${prosrc} is not implemented`);
  const call: CallInfo = { argTypes, resultType: 0, resultTypmod: -1, funcOid: 0 };
  return fn(args, ctx, call);
}

function failure(prosrc: string, args: Value[], ctx = context()): string {
  try {
    run(prosrc, args, ctx);
  } catch (err) {
    if (err instanceof DbError) return `${err.code} ${err.message}`;
    throw err;
  }
  throw new Error(`${prosrc} did not fail`);
}

describe('system information functions', () => {
  it('report the session', () => {
    expect(run('pgsql_version', [])).toBe(VERSION_STRING);
    expect(run('pg_backend_pid', [])).toBe(4242);
    expect(run('current_database', [])).toBe('shop');
    expect(run('current_schema', [])).toBe('public');
    expect(run('current_user', [])).toBe('alice');
    expect(run('session_user', [])).toBe('alice');
    expect(run('getdatabaseencoding', [])).toBe('UTF8');
    expect(run('pg_client_encoding', [])).toBe('UTF8');
  });

  it('current_setting and set_config go through the session', () => {
    const ctx = context();
    expect(run('show_config_by_name', ['DateStyle'], ctx)).toBe('ISO, MDY');
    expect(run('show_config_by_name_missing_ok', ['no.such', true], ctx)).toBe(null);
    expect(failure('show_config_by_name', ['no.such'], ctx)).toBe('42704 unrecognized configuration parameter "no.such"');
    expect(run('set_config_by_name', ['application_name', 'x', false], ctx)).toBe('x');
    expect(run('show_config_by_name', ['application_name'], ctx)).toBe('x');
    expect(failure('set_config_by_name', [null, 'x', false], ctx)).toBe('22004 SET requires parameter name');
  });

  it('pg_typeof returns the argument type, even for null', () => {
    expect(run('pg_typeof', [null], context(), [705])).toBe(705);
    expect(run('pg_typeof', [1], context(), [23])).toBe(23);
  });

  it('num_nulls and num_nonnulls count their arguments', () => {
    expect(run('pg_num_nulls', [1, null, 2])).toBe(1);
    expect(run('pg_num_nonnulls', [1, null, 2])).toBe(2);
  });
});

describe('random and setseed', () => {
  it('returns values in [0, 1)', () => {
    const ctx = context();
    for (let i = 0; i < 1000; i++) {
      const r = run('drandom', [], ctx) as number;
      expect(r >= 0 && r < 1).toBe(true);
    }
  });

  it('repeats a seeded sequence, per session', () => {
    const a = context();
    const b = context();
    run('setseed', [0.5], a);
    const first = [run('drandom', [], a), run('drandom', [], a)];
    run('setseed', [0.5], b);
    run('drandom', [], a); // another session's draws do not disturb b
    expect([run('drandom', [], b), run('drandom', [], b)]).toEqual(first);
  });

  it('rejects seeds outside [-1, 1] with PostgreSQL %g formatting', () => {
    expect(failure('setseed', [1.5])).toBe('22023 setseed parameter 1.5 is out of allowed range [-1,1]');
    expect(failure('setseed', [NaN])).toBe('22023 setseed parameter NaN is out of allowed range [-1,1]');
    expect(failure('setseed', [1234567])).toBe('22023 setseed parameter 1.23457e+06 is out of allowed range [-1,1]');
    expect(run('setseed', [-0.00001234])).toBe('');
  });

  it('gen_random_uuid makes version 4 UUIDs', () => {
    expect(run('gen_random_uuid', [])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
