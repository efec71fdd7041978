// DbError constructors shared by the built-in function modules, with PostgreSQL 15's exact
// SQLSTATEs and message texts (clients and tests match on both).
// Invariant: a message here is PostgreSQL's wording; change it only to follow PostgreSQL.
import { DbError, SqlState } from '../../../errors.js';

export function smallintOutOfRange(): DbError {
  return new DbError(SqlState.NumericValueOutOfRange, 'smallint out of range');
}

export function integerOutOfRange(): DbError {
  return new DbError(SqlState.NumericValueOutOfRange, 'integer out of range');
}

export function bigintOutOfRange(): DbError {
  return new DbError(SqlState.NumericValueOutOfRange, 'bigint out of range');
}

export function divisionByZero(): DbError {
  return new DbError(SqlState.DivisionByZero, 'division by zero');
}

export function floatOverflow(): DbError {
  return new DbError(SqlState.NumericValueOutOfRange, 'value out of range: overflow');
}

export function floatUnderflow(): DbError {
  return new DbError(SqlState.NumericValueOutOfRange, 'value out of range: underflow');
}

/** 22003 "input is out of range" (trigonometric functions outside their domain). */
export function inputOutOfRange(): DbError {
  return new DbError(SqlState.NumericValueOutOfRange, 'input is out of range');
}

/** 22023 for a bad argument value, as PostgreSQL's ERRCODE_INVALID_PARAMETER_VALUE. */
export function invalidParameter(message: string, hint?: string): DbError {
  return new DbError(SqlState.InvalidParameterValue, message, hint === undefined ? {} : { hint });
}

/** 22011 from substr/overlay with a negative length. */
export function negativeSubstringLength(): DbError {
  return new DbError('22011', 'negative substring length not allowed');
}

/** 54000 "requested length too large" (lpad, rpad, repeat). */
export function requestedLengthTooLarge(): DbError {
  return new DbError(SqlState.ProgramLimitExceeded, 'requested length too large');
}
