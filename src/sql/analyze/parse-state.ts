// What analysis of one statement carries along: the query text (for error positions), the
// parameter types (given by the client or deduced from their use, as PostgreSQL does for
// unspecified parameter types), and the session's type settings for reading literals.
import { DbError, SqlState, type ErrorFields } from '../../errors.js';
import { formatType } from '../../catalog/format-type.js';
import type { QueryText } from '../parser.js';
import { Oid } from '../types/oids.js';
import type { TypeContext } from '../types/typeio.js';
import type { CatalogTxn } from '../../catalog/catalog-txn.js';
import type { Session } from '../session.js';

/** Parameter types of a statement: fixed where the client gave them, deduced elsewhere. */
export class ParamTypes {
  readonly types: number[];
  private readonly fixed: boolean[];

  /**
   * `given` holds the client's type OIDs; 0 means "deduce it". With `variable` (the extended
   * protocol's Parse), parameters beyond the given ones may appear and get deduced types; without
   * it (a simple Query), only the given parameters exist.
   */
  constructor(
    given: readonly number[] = [],
    readonly variable = true,
  ) {
    this.types = given.map((t) => (t === 0 ? Oid.unknown : t));
    this.fixed = given.map((t) => t !== 0);
  }

  /** Whether $n exists (always, for variable parameters). */
  exists(n: number): boolean {
    return this.variable || n <= this.types.length;
  }

  /** The current type of $n (1-based), growing the list for parameters seen first here. */
  typeOf(n: number): number {
    while (this.types.length < n) {
      this.types.push(Oid.unknown);
      this.fixed.push(false);
    }
    return this.types[n - 1]!;
  }

  /** Records the type deduced for $n; a second, different deduction is an error (42P08). */
  deduce(n: number, type: number, position: number | undefined): void {
    const current = this.typeOf(n);
    if (current === type) return;
    if (current !== Oid.unknown || this.fixed[n - 1]) {
      throw new DbError(SqlState.AmbiguousParameter, `inconsistent types deduced for parameter $${n}`, {
        detail: `${formatType(current)} versus ${formatType(type)}`,
        position,
      });
    }
    this.types[n - 1] = type;
  }

  /** At the end of analysis: every parameter must have a type (42P18). */
  finish(): number[] {
    const i = this.types.indexOf(Oid.unknown);
    if (i >= 0) {
      throw new DbError(SqlState.IndeterminateDatatype, `could not determine data type of parameter $${i + 1}`);
    }
    return this.types.slice();
  }
}

/** What analysis reads besides the statement: the session and its transaction's catalog. */
export interface AnalysisEnv {
  readonly session: Session;
  readonly catalog: CatalogTxn;
}

export class ParseState {
  /** Warnings raised during analysis, sent to the client as NoticeResponse. */
  readonly notices: DbError[] = [];
  /** The next id for a WITH query of this statement. */
  nextCteId = 0;
  /** Recursive WITH items whose recursive term is being analyzed (no aggregates may read them). */
  readonly recursiveTerms = new Set<number>();

  constructor(
    readonly query: QueryText,
    readonly params: ParamTypes,
    readonly types: TypeContext,
    /** Present when the statement may name tables (it runs in a transaction). */
    readonly env: AnalysisEnv | null = null,
  ) {}

  /** The session and catalog; statements that name tables always have them. */
  get requireEnv(): AnalysisEnv {
    if (!this.env) throw new DbError(SqlState.InternalError, 'statement analyzed without a catalog');
    return this.env;
  }

  /** PostgreSQL's 1-based character position of a byte location (undefined when unknown). */
  position(location: number | undefined): number | undefined {
    if (location === undefined || location < 0) return undefined;
    return this.query.charPosition(location);
  }

  /** Queues a WARNING for the client. */
  warning(message: string, location?: number): void {
    this.notices.push(new DbError(SqlState.Warning, message, { severity: 'WARNING', position: this.position(location) }));
  }

  /** format_type for a message; user types (enums) are named through the session's catalog. */
  typeText(oid: number, typmod = -1): string {
    return formatType(oid, typmod, (o) => this.types.names?.typeName(o));
  }

  /** A DbError pointing at a location in the query. */
  error(code: string, message: string, location?: number, fields: ErrorFields = {}): DbError {
    return new DbError(code, message, { ...fields, position: this.position(location) });
  }
}
