// pg_catalog.pg_prepared_statements: the session's named prepared statements, from SQL PREPARE
// (from_sql) and from the extended protocol's Parse, with the query string that created each,
// its parameter types and how many runs used a generic or a custom plan
// (sql/prepared-statements.ts counts them as PostgreSQL's plan cache would).
import { Oid } from '../types/oids.js';
import { ArrayValue } from '../types/value.js';
import { defineTables } from './columns.js';

defineTables([
  {
    oid: 12095,
    name: 'pg_prepared_statements',
    relkind: 'v',
    rowType: 12097,
    columns: 'name text, statement text, prepare_time timestamptz, parameter_types _regtype, from_sql bool, generic_plans int8, custom_plans int8',
    *rows({ session }) {
      for (const [name, entry] of session.preparedStatements.list()) {
        const types = entry.prepared?.paramTypes ?? [];
        yield {
          name,
          statement: entry.source,
          prepare_time: entry.prepareTime,
          parameter_types: new ArrayValue(Oid.regtype, [...types], types.length > 0 ? [types.length] : []),
          from_sql: entry.fromSql,
          generic_plans: BigInt(entry.genericPlans),
          custom_plans: BigInt(entry.customPlans),
        };
      }
    },
  },
]);
