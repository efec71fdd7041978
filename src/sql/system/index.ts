// The system relations, all registered: import this module (not the individual ones) to look
// them up. Each pg_catalog / information_schema module registers its tables when imported.
// Loading it also hands the catalog functions (expr/functions/catalog-context.ts) the lookups
// and deparsers they use, which they cannot import themselves without an import cycle.
import './pg-namespace.js';
import './pg-class.js';
import './pg-attribute.js';
import './pg-type.js';
import './pg-index.js';
import './pg-constraint.js';
import './pg-depend.js';
import './pg-description.js';
import './pg-sequence.js';
import './pg-roles.js';
import './pg-database.js';
import './pg-settings.js';
import './pg-builtin-objects.js';
import './pg-list-views.js';
import './pg-stat.js';
import './pg-empty.js';
import './pg-rewrite.js';
import './pg-init-privs.js';
import './pg-prepared-statements.js';
import './pg-cursors.js';
import './info-tables.js';
import './info-columns.js';
import './info-constraints.js';
import './info-empty.js';

import { findRelation, parseQualifiedName, relationByOid } from '../catalog-access.js';
import { catalogExprText, typeNaming } from '../deparse/catalog-exprs.js';
import { constraintDef, indexDef, qualifiedRelationName } from '../deparse/object-defs.js';
import { viewDefinition } from '../deparse/view-def.js';
import { provideCatalogServices } from '../expr/functions/catalog-context.js';

provideCatalogServices({
  findRelation,
  relationByOid,
  parseQualifiedName,
  typeNaming,
  catalogExprText,
  constraintDef,
  indexDef,
  viewDefinition,
  qualifiedRelationName,
});

export { allSystemTables, systemRelationRecord, systemTable, systemTableByOid, type SystemContext, type SystemTable } from './system-table.js';
