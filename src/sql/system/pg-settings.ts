// pg_catalog.pg_settings: every visible setting with the calling session's value (in the
// setting's base unit, as PostgreSQL shows it), its unit, range, allowed values, boot value
// and descriptions. Treeline has no configuration file: a value equal to its boot value is
// reported with source 'default', any other as set by the session ('session'; the startup
// parameters a client sends count as session values). reset_val is the value in effect.
import { builtins } from '../../catalog/builtins.js';
import { allSettingDefinitions, type SettingDefinition } from '../settings/definitions.js';
import { formatG } from '../settings/values.js';
import { Oid } from '../types/oids.js';
import { ArrayValue } from '../types/value.js';
import { defineTables, type RowValues } from './columns.js';

function settingText(def: SettingDefinition, stored: string): string {
  return def.type === 'real' ? formatG(Number(stored)) : stored;
}

defineTables([
  {
    oid: 12104,
    name: 'pg_settings',
    relkind: 'v',
    rowType: 12106,
    columns:
      'name text, setting text, unit text, category text, short_desc text, extra_desc text, context text, vartype text, source text, ' +
      'min_val text, max_val text, enumvals _text, boot_val text, reset_val text, sourcefile text, sourceline int4, pending_restart bool',
    *rows({ session }) {
      const recorded = new Map(builtins().settings.map((s) => [s.name, s]));
      for (const def of allSettingDefinitions()) {
        if (def.hidden) continue;
        const row = recorded.get(def.name);
        const setting = settingText(def, session.settings.get(def.name));
        const boot = row?.boot_val ?? def.defaultValue;
        const values: RowValues = {
          name: def.name,
          setting,
          unit: def.unit,
          category: def.category,
          short_desc: def.shortDesc,
          extra_desc: def.extraDesc,
          context: def.context,
          vartype: def.type,
          source: setting === boot || setting === def.defaultValue ? 'default' : 'session',
          min_val: row?.min_val ?? (def.min === null ? null : String(def.min)),
          max_val: row?.max_val ?? (def.max === null ? null : String(def.max)),
          enumvals: def.enumValues ? new ArrayValue(Oid.text, [...def.enumValues], [def.enumValues.length]) : null,
          boot_val: boot,
          reset_val: setting,
          pending_restart: false,
        };
        yield values;
      }
    },
  },
]);
