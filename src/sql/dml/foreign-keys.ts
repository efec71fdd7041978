// Enforces FOREIGN KEY constraints (PostgreSQL's RI triggers) for one statement. A new or
// changed referencing row must find its key in the referenced table (MATCH SIMPLE: a key with
// a NULL column references nothing; MATCH FULL: all NULL or none). A removed or changed
// referenced key acts on the rows that reference it: NO ACTION (checked when the statement
// ends) and RESTRICT fail with 23503; CASCADE deletes or updates them; SET NULL / SET DEFAULT
// change their key columns. Checks are repeated at commit, so rows another transaction
// commits meanwhile cannot leave a dangling reference (the later commit fails instead).
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { ConstraintRecord, RelationRecord } from '../../catalog/objects.js';
import { DbError, SqlState } from '../../errors.js';
import { encodeKey, prefixSuccessor, type KeyColumn } from '../../storage/encoding/key.js';
import type { TableAccess, TableShape } from '../../txn/table-access.js';
import { tableShape } from '../catalog-access.js';
import type { RuntimeContext } from '../expr/compile.js';
import type { Session } from '../session.js';
import { typeIO } from '../types/index.js';
import { Oid } from '../types/oids.js';
import type { Value } from '../types/value.js';
import { analyzeStoredExpr, storedExprState } from '../analyze/stored-expr.js';
import { coerceToTargetType } from '../expr/coerce.js';
import { nextvalNode } from '../ddl/create-table.js';
import { compileDmlExpr } from './target-table.js';
import { compileGenerated, type GeneratedValues } from './generated-values.js';

const INTEGERS = new Set<number>([Oid.int2, Oid.int4, Oid.int8]);
const LIMITS: Record<number, [bigint, bigint]> = { [Oid.int2]: [-32768n, 32767n], [Oid.int4]: [-2147483648n, 2147483647n], [Oid.int8]: [-(2n ** 63n), 2n ** 63n - 1n] };

interface Side {
  record: RelationRecord;
  shape: TableShape;
  access: TableAccess;
}

/** Rows found by key, with their storage keys. */
type Found = { key: Buffer; row: Value[] }[];

export class ForeignKeys {
  private readonly sides = new Map<number, Side>();
  private referencing: ConstraintRecord[] | null = null;
  /** NO ACTION checks run when the statement ends: (constraint, removed key values). */
  private readonly pending: { fk: ConstraintRecord; key: Value[] }[] = [];
  private readonly generated = new Map<number, GeneratedValues | null>();

  constructor(
    private readonly session: Session,
    private readonly catalog: CatalogTxn,
    private readonly ctx: RuntimeContext,
  ) {}

  private side(oid: number): Side {
    let s = this.sides.get(oid);
    if (!s) {
      const record = this.catalog.get(oid) as RelationRecord;
      const shape = tableShape(this.catalog, record);
      s = { record, shape, access: this.ctx.table(shape) };
      this.sides.set(oid, s);
    }
    return s;
  }

  /** Foreign keys of a table (it references others through them). */
  outgoing(table: RelationRecord): ConstraintRecord[] {
    return this.catalog.constraintsOf(table.oid).filter((c) => c.contype === 'f');
  }

  /** Foreign keys that reference a table. */
  incoming(table: RelationRecord): ConstraintRecord[] {
    if (!this.referencing) {
      this.referencing = [];
      for (const r of this.catalog.records()) if (r.kind === 'constraint' && r.contype === 'f') this.referencing.push(r);
    }
    return this.referencing.filter((c) => c.foreignKey!.refTableOid === table.oid);
  }

  private format(type: number, v: Value): string {
    return v === null ? 'null' : (typeIO(type)?.output(v, this.session.types) ?? String(v));
  }

  /** A value of one type in another's representation, or undefined when it has none there. */
  private convert(v: Value, from: number, to: number): Value | undefined {
    if (v === null || from === to) return v;
    if (INTEGERS.has(from) && INTEGERS.has(to)) {
      const b = BigInt(v as number | bigint);
      const [lo, hi] = LIMITS[to]!;
      if (b < lo || b > hi) return undefined;
      return to === Oid.int8 ? b : Number(b);
    }
    const out = typeIO(from)?.output(v, this.session.types);
    const io = typeIO(to);
    if (out === undefined || !io) return v;
    try {
      return io.input(out, -1, this.session.types);
    } catch {
      return undefined;
    }
  }

  /** Rows of `side` whose columns `attnums` equal `values` (given in the types of `types`). */
  private rowsWith(side: Side, attnums: number[], values: Value[], types: number[]): Found {
    const cols = attnums.map((a) => a - 1);
    const own = cols.map((c) => side.record.columns[c]!.typeOid);
    const vals: Value[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = this.convert(values[i]!, types[i]!, own[i]!);
      if (v === undefined || v === null) return [];
      vals.push(v);
    }
    const found: Found = [];
    const same = (set: number[]) => set.length >= cols.length && cols.every((c) => set.slice(0, cols.length).includes(c));
    const { shape, access } = side;
    const pick = (order: number[]) => order.slice(0, cols.length).map((c) => vals[cols.indexOf(c)]!);
    if (shape.primaryKey && same(shape.primaryKey)) {
      const keyCols = shape.primaryKeyColumns.slice(0, cols.length);
      const prefix = encodeKey(keyCols, pick(shape.primaryKey));
      if (cols.length === shape.primaryKey.length) {
        const row = access.get(prefix);
        return row ? [{ key: prefix, row }] : [];
      }
      for (const e of access.rows(prefixBounds(prefix))) found.push(e);
      return found;
    }
    const index = shape.indexes.find((ix) => !ix.partial && same(ix.columns)); // a partial index lacks rows
    if (index) {
      const prefix = encodeKey(index.keyColumns.slice(0, cols.length), pick(index.columns));
      for (const key of access.indexKeys(index, prefixBounds(prefix))) {
        const row = access.get(key);
        if (row) found.push({ key, row });
      }
      return found;
    }
    const keyCols: KeyColumn[] = own.map((type) => ({ type }));
    const want = encodeKey(keyCols, vals);
    for (const e of access.rows()) {
      const got = cols.map((c) => e.row[c]!);
      if (got.some((v) => v === null)) continue;
      if (encodeKey(keyCols, got).equals(want)) found.push(e);
    }
    return found;
  }

  /** The referencing side: a new or changed row of `table` must find the rows it references. */
  checkReferences(table: RelationRecord, row: readonly Value[], old?: readonly Value[]): void {
    for (const fk of this.outgoing(table)) {
      const cols = fk.columns.map((a) => a - 1);
      if (old && cols.every((c) => sameValue(old[c]!, row[c]!, table.columns[c]!.typeOid))) continue;
      const values = cols.map((c) => row[c] ?? null);
      const nulls = values.filter((v) => v === null).length;
      if (nulls > 0) {
        if (fk.foreignKey!.matchFull && nulls < values.length) {
          throw new DbError(SqlState.ForeignKeyViolation, `insert or update on table "${table.name}" violates foreign key constraint "${fk.name}"`, {
            detail: 'MATCH FULL does not allow mixing of null and nonnull key values.',
            table: table.name,
            constraint: fk.name,
          });
        }
        continue;
      }
      const check = () => {
        const parent = this.side(fk.foreignKey!.refTableOid);
        const types = cols.map((c) => table.columns[c]!.typeOid);
        if (this.rowsWith(parent, fk.foreignKey!.refColumns, values, types).length > 0) return;
        const names = cols.map((c) => table.columns[c]!.name).join(', ');
        const shown = cols.map((c, i) => this.format(table.columns[c]!.typeOid, values[i]!)).join(', ');
        throw new DbError(SqlState.ForeignKeyViolation, `insert or update on table "${table.name}" violates foreign key constraint "${fk.name}"`, {
          detail: `Key (${names})=(${shown}) is not present in table "${parent.record.name}".`,
          table: table.name,
          constraint: fk.name,
        });
      };
      if (!fk.initiallyDeferred) check();
      // again at commit: the referenced row may be deleted by a transaction committing first
      this.session.transaction.writes.addCheck(check);
    }
  }

  /** The referenced side: a row of `table` was deleted. */
  deleted(table: RelationRecord, row: readonly Value[]): void {
    for (const fk of this.incoming(table)) this.keyRemoved(fk, table, row, null);
  }

  /** The referenced side: a row of `table` changed; referenced keys that changed act. */
  updated(table: RelationRecord, old: readonly Value[], row: readonly Value[]): void {
    for (const fk of this.incoming(table)) {
      const ref = fk.foreignKey!.refColumns.map((a) => a - 1);
      if (ref.every((c) => sameValue(old[c]!, row[c]!, table.columns[c]!.typeOid))) continue;
      this.keyRemoved(fk, table, old, row);
    }
  }

  private keyRemoved(fk: ConstraintRecord, parent: RelationRecord, old: readonly Value[], now: readonly Value[] | null): void {
    const info = fk.foreignKey!;
    const refCols = info.refColumns.map((a) => a - 1);
    const key = refCols.map((c) => old[c] ?? null);
    if (key.some((v) => v === null)) return;
    const action = now ? info.onUpdate : info.onDelete;
    if (action === 'a') {
      this.pending.push({ fk, key });
      return;
    }
    const child = this.side(fk.tableOid);
    const types = refCols.map((c) => parent.columns[c]!.typeOid);
    const rows = this.rowsWith(child, fk.columns, key, types);
    if (action === 'r') {
      if (rows.length > 0) throw this.stillReferenced(fk, parent, child.record, key);
      return;
    }
    const childCols = fk.columns.map((a) => a - 1);
    const changed: Value[][] = [];
    for (const { key: rowKey, row } of rows) {
      if (action === 'c' && !now) {
        child.access.delete(rowKey, row);
        this.deleted(child.record, row);
        continue;
      }
      const next = row.slice();
      childCols.forEach((c, i) => {
        if (action === 'c') next[c] = this.convert(now![refCols[i]!]!, types[i]!, child.record.columns[c]!.typeOid) ?? null;
        else if (action === 'n') next[c] = null;
        else next[c] = this.columnDefault(child.record, c);
      });
      this.generatedOf(child.record)?.(next);
      checkNotNull(child.record, next, this.session);
      child.access.update(rowKey, row, next);
      changed.push(next);
      this.updated(child.record, row, next);
    }
    if (action === 'd' && changed.length > 0) {
      // a default equal to the removed key still references it
      if (!now && this.rowsWith(child, fk.columns, key, types).length > 0) throw this.stillReferenced(fk, parent, child.record, key);
      for (const next of changed) this.checkReferences(child.record, next);
    }
  }

  /** A referencing table's generated columns, compiled on first use (a changed key may feed them). */
  private generatedOf(table: RelationRecord): GeneratedValues | null {
    let g = this.generated.get(table.oid);
    if (g === undefined) {
      g = compileGenerated(this.session, this.catalog, table, this.ctx);
      this.generated.set(table.oid, g);
    }
    return g;
  }

  /** ON ... SET DEFAULT: the column's default, computed as an INSERT would (coerced to its type). */
  private columnDefault(table: RelationRecord, column: number): Value {
    const col = table.columns[column]!;
    const node = col.identity ? nextvalNode(col.sequenceOid) : col.defaultExpr;
    if (!node) return null;
    const e = analyzeStoredExpr(this.session, this.catalog, node);
    const ps = storedExprState(this.session, this.catalog);
    const typed = coerceToTargetType(ps, e, col.typeOid, col.typmod, 'assignment', -1) ?? e;
    return compileDmlExpr(typed, [], this.ctx)([], this.ctx);
  }

  private stillReferenced(fk: ConstraintRecord, parent: RelationRecord, child: RelationRecord, key: Value[]): DbError {
    const cols = fk.foreignKey!.refColumns.map((a) => a - 1);
    const names = cols.map((c) => parent.columns[c]!.name).join(', ');
    const shown = cols.map((c, i) => this.format(parent.columns[c]!.typeOid, key[i]!)).join(', ');
    return new DbError(SqlState.ForeignKeyViolation, `update or delete on table "${parent.name}" violates foreign key constraint "${fk.name}" on table "${child.name}"`, {
      detail: `Key (${names})=(${shown}) is still referenced from table "${child.name}".`,
      table: child.name,
      constraint: fk.name,
    });
  }

  /** The end of the statement: NO ACTION keys must be referenced no more (or exist again). */
  finish(): void {
    const pending = this.pending.splice(0);
    for (const { fk, key } of pending) {
      const parent = this.side(fk.foreignKey!.refTableOid);
      const types = fk.foreignKey!.refColumns.map((a) => parent.record.columns[a - 1]!.typeOid);
      const check = () => {
        if (this.rowsWith(parent, fk.foreignKey!.refColumns, key, types).length > 0) return;
        const child = this.side(fk.tableOid);
        if (this.rowsWith(child, fk.columns, key, types).length > 0) throw this.stillReferenced(fk, parent.record, child.record, key);
      };
      if (!fk.initiallyDeferred) check();
      // again at commit: a transaction committing first may have added a referencing row
      this.session.transaction.writes.addCheck(check);
    }
  }
}

function prefixBounds(prefix: Buffer) {
  const end = prefixSuccessor(prefix);
  return { lower: { key: prefix, inclusive: true }, ...(end ? { upper: { key: end, inclusive: false } } : {}) };
}

/** Whether two values of a type are equal as keys (NULL equals nothing). */
function sameValue(a: Value, b: Value, type: number): boolean {
  if (a === null || b === null) return false;
  if (a === b) return true;
  return encodeKey([{ type }], [a]).equals(encodeKey([{ type }], [b]));
}

function checkNotNull(table: RelationRecord, row: readonly Value[], session: Session): void {
  table.columns.forEach((c, i) => {
    if (c.notNull && !c.dropped && (row[i] ?? null) === null) {
      const shown = table.columns.filter((x) => !x.dropped).map((x) => {
        const v = row[x.attnum - 1] ?? null;
        return v === null ? 'null' : (typeIO(x.typeOid)?.output(v, session.types) ?? String(v));
      });
      throw new DbError(SqlState.NotNullViolation, `null value in column "${c.name}" of relation "${table.name}" violates not-null constraint`, {
        detail: `Failing row contains (${shown.join(', ')}).`,
        table: table.name,
        column: c.name,
      });
    }
  });
}
