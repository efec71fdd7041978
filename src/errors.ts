// Typed errors that carry a PostgreSQL SQLSTATE. Every error a client can cause is a DbError,
// created where the problem is known and turned into an ErrorResponse only at the server edge.
// Anything else that escapes a statement is an internal bug and is reported as XX000.

/** SQLSTATE codes used across Treeline, named as in PostgreSQL's errcodes.txt. */
export const SqlState = {
  SuccessfulCompletion: '00000',
  Warning: '01000',
  NoActiveSqlTransaction: '25P01',
  ActiveSqlTransaction: '25001',
  InFailedSqlTransaction: '25P02',
  InvalidTransactionState: '25000',
  ReadOnlySqlTransaction: '25006',
  ConnectionException: '08000',
  ConnectionFailure: '08006',
  ProtocolViolation: '08P01',
  FeatureNotSupported: '0A000',
  CardinalityViolation: '21000',
  IntegrityConstraintViolation: '23000',
  NotNullViolation: '23502',
  ForeignKeyViolation: '23503',
  UniqueViolation: '23505',
  CheckViolation: '23514',
  ExclusionViolation: '23P01',
  DataException: '22000',
  StringDataRightTruncation: '22001',
  NumericValueOutOfRange: '22003',
  NullValueNotAllowed: '22004',
  InvalidDatetimeFormat: '22007',
  DatetimeFieldOverflow: '22008',
  InvalidTimeZoneDisplacementValue: '22009',
  InvalidParameterValue: '22023',
  BadCopyFileFormat: '22P04',
  InvalidEscapeSequence: '22025',
  InvalidBinaryRepresentation: '22P03',
  InvalidTextRepresentation: '22P02',
  CharacterNotInRepertoire: '22021',
  UntranslatableCharacter: '22P05',
  DivisionByZero: '22012',
  InvalidArgumentForLogarithm: '2201E',
  InvalidArgumentForPowerFunction: '2201F',
  InvalidArgumentForWidthBucket: '2201G',
  InvalidRowCountInLimitClause: '2201W',
  IntervalFieldOverflow: '22015',
  ArraySubscriptError: '2202E',
  InvalidRegularExpression: '2201B',
  InvalidEscapeCharacter: '22019',
  InvalidAuthorizationSpecification: '28000',
  InvalidPassword: '28P01',
  InvalidCatalogName: '3D000',
  InvalidSchemaName: '3F000',
  InvalidSqlStatementName: '26000',
  InvalidCursorName: '34000',
  InvalidCursorState: '24000',
  SyntaxErrorOrAccessRuleViolation: '42000',
  SyntaxError: '42601',
  InsufficientPrivilege: '42501',
  UndefinedColumn: '42703',
  UndefinedFunction: '42883',
  UndefinedTable: '42P01',
  UndefinedParameter: '42P02',
  UndefinedObject: '42704',
  DuplicatePreparedStatement: '42P05',
  DuplicateCursor: '42P03',
  AmbiguousFunction: '42725',
  AmbiguousColumn: '42702',
  AmbiguousAlias: '42P09',
  DuplicateTable: '42P07',
  DuplicateObject: '42710',
  DuplicateColumn: '42701',
  DuplicateSchema: '42P06',
  DuplicateDatabase: '42P04',
  InvalidTableDefinition: '42P16',
  DependentObjectsStillExist: '2BP01',
  ObjectInUse: '55006',
  InvalidColumnDefinition: '42611',
  GeneratedAlways: '428C9',
  InvalidSavepointSpecification: '3B001',
  AmbiguousParameter: '42P08',
  DatatypeMismatch: '42804',
  IndeterminateDatatype: '42P18',
  WrongObjectType: '42809',
  CannotCoerce: '42846',
  GroupingError: '42803',
  InvalidForeignKey: '42830',
  WithCheckOptionViolation: '44000',
  ObjectNotInPrerequisiteState: '55000',
  InvalidObjectDefinition: '42P17',
  SerializationFailure: '40001',
  DeadlockDetected: '40P01',
  LockNotAvailable: '55P03',
  InvalidRecursion: '42P19',
  DuplicateAlias: '42712',
  WindowingError: '42P20',
  InvalidColumnReference: '42P10',
  TooManyArguments: '54023',
  ProgramLimitExceeded: '54000',
  StatementTooComplex: '54001',
  TooManyConnections: '53300',
  OutOfMemory: '53200',
  ConfigurationLimitExceeded: '53400',
  IoError: '58030',
  UndefinedFile: '58P01',
  DuplicateFile: '58P02',
  DiskFull: '53100',
  InsufficientResources: '53000',
  InvalidName: '42602',
  CantChangeRuntimeParam: '55P02',
  QueryCanceled: '57014',
  AdminShutdown: '57P01',
  CannotConnectNow: '57P03',
  ConfigFileError: 'F0000',
  InternalError: 'XX000',
  DataCorrupted: 'XX001',
} as const;

export type SqlStateCode = (typeof SqlState)[keyof typeof SqlState] | string;

/** ERROR ends a statement; FATAL ends the connection; the others are notices. */
export type Severity = 'ERROR' | 'FATAL' | 'PANIC' | 'WARNING' | 'NOTICE' | 'DEBUG' | 'INFO' | 'LOG';

export interface ErrorFields {
  detail?: string;
  hint?: string;
  /** 1-based character position in the statement text, as PostgreSQL reports it. */
  position?: number;
  /** Position inside an internally generated query (PostgreSQL's 'p' field). */
  internalPosition?: number;
  internalQuery?: string;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
  severity?: Severity;
}

/** An error with a SQLSTATE: what a client sees in an ErrorResponse. */
export class DbError extends Error {
  readonly code: SqlStateCode;
  readonly severity: Severity;
  detail?: string;
  hint?: string;
  position?: number;
  internalPosition?: number;
  internalQuery?: string;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;

  constructor(code: SqlStateCode, message: string, fields: ErrorFields = {}) {
    super(message);
    this.name = 'DbError';
    this.code = code;
    this.severity = fields.severity ?? 'ERROR';
    const { severity: _ignored, ...rest } = fields;
    Object.assign(this, rest);
  }

  /** A copy with a statement position attached (if it has none yet). */
  withPosition(position: number | undefined): DbError {
    if (position === undefined || this.position !== undefined) return this;
    this.position = position;
    return this;
  }
}

/** 0A000 for anything Treeline does not do yet: fail loudly, never answer wrongly. */
export function notSupported(feature: string, position?: number): DbError {
  const plural = /[a-z]s$/.test(feature) && !/ss$/.test(feature);
  return new DbError(SqlState.FeatureNotSupported, `${feature} ${plural ? 'are' : 'is'} not supported yet`, { position });
}

/** Turns any thrown value into a DbError; anything unexpected becomes XX000. */
export function toDbError(err: unknown): DbError {
  if (err instanceof DbError) return err;
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return new DbError(SqlState.StatementTooComplex, 'stack depth limit exceeded', {
      hint: 'The statement nests too deeply; simplify it.',
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new DbError(SqlState.InternalError, `internal error: ${message}`);
}
