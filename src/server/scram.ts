// The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL uses it: no channel
// binding, the user name in the client-first message is ignored (the startup packet's user
// counts). A verifier (salt, iterations, StoredKey, ServerKey) is derived from the password
// once; each exchange checks the client's proof against it and proves the server back.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ScramVerifier {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

const hmac = (key: Buffer, data: string | Buffer) => createHmac('sha256', key).update(data).digest();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

/** Derives the verifier PostgreSQL would store for a password (4096 iterations by default). */
export function makeScramVerifier(password: string, iterations = 4096, salt = randomBytes(16)): ScramVerifier {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = hmac(salted, 'Client Key');
  return { salt, iterations, storedKey: sha256(clientKey), serverKey: hmac(salted, 'Server Key') };
}

/** Why an exchange failed: a malformed message (08P01) or a wrong password (28P01). */
export class ScramError extends Error {
  constructor(
    readonly kind: 'protocol' | 'password',
    message: string,
  ) {
    super(message);
  }
}

/** One SCRAM exchange with one client. */
export class ScramExchange {
  private clientFirstBare = '';
  private serverFirst = '';
  private nonce = '';

  constructor(private readonly verifier: ScramVerifier) {}

  /** Handles client-first-message; returns server-first-message. */
  start(clientFirst: string): string {
    const m = /^([ny]|p=[^,]*),([^,]*),(.*)$/.exec(clientFirst);
    if (!m) throw new ScramError('protocol', 'malformed SCRAM message');
    if (m[1]!.startsWith('p=')) throw new ScramError('protocol', 'channel binding is not supported');
    if (m[2] !== '') throw new ScramError('protocol', 'client uses authorization identity, but it is not supported');
    this.clientFirstBare = m[3]!;
    const attrs = parseAttributes(this.clientFirstBare);
    const clientNonce = attrs.get('r');
    if (!attrs.has('n') || !clientNonce || !/^[\x21-\x2b\x2d-\x7e]+$/.test(clientNonce)) {
      throw new ScramError('protocol', 'malformed SCRAM message');
    }
    this.nonce = clientNonce + randomBytes(18).toString('base64');
    this.serverFirst = `r=${this.nonce},s=${this.verifier.salt.toString('base64')},i=${this.verifier.iterations}`;
    return this.serverFirst;
  }

  /** Handles client-final-message; returns server-final-message or throws ScramError. */
  finish(clientFinal: string): string {
    const proofAt = clientFinal.lastIndexOf(',p=');
    if (proofAt < 0) throw new ScramError('protocol', 'malformed SCRAM message');
    const withoutProof = clientFinal.slice(0, proofAt);
    const attrs = parseAttributes(withoutProof);
    const binding = attrs.get('c');
    if (binding !== 'biws' && binding !== 'eSws') {
      throw new ScramError('protocol', 'unexpected SCRAM channel-binding attribute in client-final-message');
    }
    if (attrs.get('r') !== this.nonce) throw new ScramError('protocol', 'SCRAM nonce mismatch');
    const proof = Buffer.from(clientFinal.slice(proofAt + 3), 'base64');
    if (proof.length !== 32) throw new ScramError('protocol', 'malformed SCRAM message');
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.verifier.storedKey, authMessage);
    const clientKey = Buffer.alloc(32);
    for (let i = 0; i < 32; i++) clientKey[i] = proof[i]! ^ clientSignature[i]!;
    if (!timingSafeEqual(sha256(clientKey), this.verifier.storedKey)) {
      throw new ScramError('password', 'password authentication failed');
    }
    return `v=${hmac(this.verifier.serverKey, authMessage).toString('base64')}`;
  }
}

function parseAttributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq !== 1) continue;
    out.set(part[0]!, part.slice(2));
  }
  return out;
}
