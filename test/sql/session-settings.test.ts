// Session settings as PostgreSQL keeps them: SET undone by ROLLBACK, SET LOCAL ending with its
// transaction, RESET to the start value, transaction_isolation following its default,
// ParameterStatus reporting only real changes, units and enum/boolean validation.
import { describe, expect, it } from 'vitest';
import { SessionSettings } from '../../src/sql/settings/session-settings.js';

describe('SessionSettings', () => {
  it('undoes SET on rollback and keeps it on commit', () => {
    const s = new SessionSettings();
    s.beginTransaction();
    s.set('extra_float_digits', '2');
    s.endTransaction(false);
    expect(s.get('extra_float_digits')).toBe('1');
    s.beginTransaction();
    s.set('extra_float_digits', '3');
    s.endTransaction(true);
    expect(s.get('extra_float_digits')).toBe('3');
  });

  it('ends SET LOCAL with the transaction, whichever way it ends', () => {
    const s = new SessionSettings();
    s.set('DateStyle', 'SQL');
    s.beginTransaction();
    s.set('DateStyle', 'German', { local: true });
    expect(s.get('DateStyle')).toBe('German, DMY');
    s.endTransaction(true);
    expect(s.get('DateStyle')).toBe('SQL, MDY');
  });

  it('resets to the value given at startup', () => {
    const s = new SessionSettings();
    s.set('application_name', 'from-startup', { source: 'startup' });
    s.set('application_name', 'later');
    s.set('application_name', null);
    expect(s.get('application_name')).toBe('from-startup');
    s.set('application_name', 'again');
    s.resetAll();
    expect(s.get('application_name')).toBe('from-startup');
  });

  it('starts each transaction from default_transaction_isolation', () => {
    const s = new SessionSettings();
    s.set('default_transaction_isolation', 'serializable');
    s.beginTransaction();
    expect(s.get('transaction_isolation')).toBe('serializable');
    s.set('transaction_isolation', 'repeatable read');
    expect(s.get('transaction_isolation')).toBe('repeatable read');
    s.endTransaction(true);
    expect(s.get('transaction_isolation')).toBe('serializable');
  });

  it('reports a reported setting only when its value changed', () => {
    const s = new SessionSettings();
    expect(s.takeReportChanges().map(([n]) => n)).toContain('DateStyle');
    expect(s.takeReportChanges()).toEqual([]);
    s.set('DateStyle', 'ISO, MDY');
    expect(s.takeReportChanges()).toEqual([]);
    s.set('DateStyle', 'ISO, DMY');
    expect(s.takeReportChanges()).toEqual([['DateStyle', 'ISO, DMY']]);
    s.set('work_mem', '8MB');
    expect(s.takeReportChanges()).toEqual([]);
  });

  it('shows integers in the largest unit that divides them', () => {
    const s = new SessionSettings();
    expect(s.show('shared_buffers').value).toBe('128MB');
    s.set('work_mem', '1536kB');
    expect(s.show('work_mem').value).toBe('1536kB');
    s.set('work_mem', '2GB');
    expect(s.show('work_mem').value).toBe('2GB');
    s.set('statement_timeout', '2h');
    expect(s.show('statement_timeout').value).toBe('2h');
    s.set('statement_timeout', '61000');
    expect(s.show('statement_timeout').value).toBe('61s');
  });

  it('validates values as PostgreSQL does', () => {
    const s = new SessionSettings();
    expect(() => s.set('enable_seqscan', 'perhaps')).toThrow('parameter "enable_seqscan" requires a Boolean value');
    expect(() => s.set('bytea_output', 'octal')).toThrow('invalid value for parameter "bytea_output": "octal"');
    expect(() => s.set('work_mem', '5 parsecs')).toThrow('invalid value for parameter "work_mem": "5 parsecs"');
    expect(() => s.set('server_version', '1')).toThrow('parameter "server_version" cannot be changed');
    expect(() => s.set('nonexistent', '1')).toThrow('unrecognized configuration parameter "nonexistent"');
    s.set('my.custom', 'yes');
    expect(s.get('my.custom')).toBe('yes');
    expect(s.has('other.custom')).toBe(false);
  });
});
