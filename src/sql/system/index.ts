// The system relations, all registered: import this module (not the individual ones) to look
// them up. Each pg_catalog / information_schema module registers its tables when imported.
import './pg-namespace.js';

export { allSystemTables, systemRelationRecord, systemTable, systemTableByOid, type SystemContext, type SystemTable } from './system-table.js';
