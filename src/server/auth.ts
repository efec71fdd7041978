// Client authentication after the startup packet, as a small state machine fed by the
// password messages ('p'):
//   trust     no password set: AuthenticationOk at once (only loopback listening allowed)
//   scram     AuthenticationSASL -> SASLInitialResponse -> SASLContinue -> SASLResponse -> SASLFinal
//   password  AuthenticationCleartextPassword -> PasswordMessage
// Failures are FATAL: 28P01 for a wrong password, 08P01 for a malformed exchange.
import { timingSafeEqual } from 'node:crypto';
import { DbError, SqlState } from '../errors.js';
import type { BackendEncoder } from './backend-messages.js';
import { MessageReader } from './message-reader.js';
import { ScramError, ScramExchange, type ScramVerifier } from './scram.js';

export type AuthMethod = 'trust' | 'scram-sha-256' | 'password';

export interface AuthConfig {
  method: AuthMethod;
  /** For 'password': the expected password. */
  password?: string;
  /** For 'scram-sha-256': the verifier derived from the password. */
  verifier?: ScramVerifier;
}

export type AuthStep = { done: false; send: Buffer[] } | { done: true; send: Buffer[] };

function failed(user: string): DbError {
  return new DbError(SqlState.InvalidPassword, `password authentication failed for user "${user}"`, { severity: 'FATAL' });
}

function protocolError(message: string): DbError {
  return new DbError(SqlState.ProtocolViolation, message, { severity: 'FATAL' });
}

export class Authenticator {
  private state: 'start' | 'sasl-initial' | 'sasl-final' | 'cleartext' | 'done' = 'start';
  private scram: ScramExchange | null = null;

  constructor(
    private readonly config: AuthConfig,
    private readonly user: string,
    /** False for users that do not exist: the exchange runs but always fails (as PostgreSQL's). */
    private readonly userExists: boolean,
    private readonly encoder: BackendEncoder,
  ) {}

  /** The first message(s) to send; done when no password is needed. */
  begin(): AuthStep {
    switch (this.config.method) {
      case 'trust':
        this.state = 'done';
        return { done: true, send: [] };
      case 'password':
        this.state = 'cleartext';
        return { done: false, send: [this.encoder.authenticationCleartextPassword()] };
      case 'scram-sha-256':
        this.state = 'sasl-initial';
        return { done: false, send: [this.encoder.authenticationSasl(['SCRAM-SHA-256'])] };
    }
  }

  /** Handles a password-type message ('p') from the client. */
  onMessage(body: Buffer): AuthStep {
    const r = new MessageReader(body);
    switch (this.state) {
      case 'cleartext': {
        const given = r.cstring();
        const expected = this.config.password ?? '';
        const a = Buffer.from(given);
        const b = Buffer.from(expected);
        if (!this.userExists || a.length !== b.length || !timingSafeEqual(a, b)) throw failed(this.user);
        this.state = 'done';
        return { done: true, send: [] };
      }
      case 'sasl-initial': {
        const mechanism = r.cstring();
        if (mechanism !== 'SCRAM-SHA-256') throw protocolError('client selected an invalid SASL authentication mechanism');
        const len = r.int32();
        const data = len < 0 ? '' : r.bytes(len).toString('utf8');
        this.scram = new ScramExchange(this.config.verifier!);
        try {
          const serverFirst = this.scram.start(data);
          this.state = 'sasl-final';
          return { done: false, send: [this.encoder.authenticationSaslContinue(serverFirst)] };
        } catch (err) {
          throw err instanceof ScramError ? protocolError(err.message) : err;
        }
      }
      case 'sasl-final': {
        const data = body.toString('utf8');
        try {
          const serverFinal = this.scram!.finish(data);
          if (!this.userExists) throw failed(this.user);
          this.state = 'done';
          return { done: true, send: [this.encoder.authenticationSaslFinal(serverFinal)] };
        } catch (err) {
          if (err instanceof ScramError) throw err.kind === 'password' ? failed(this.user) : protocolError(err.message);
          throw err;
        }
      }
      default:
        throw protocolError('unexpected password message');
    }
  }
}
