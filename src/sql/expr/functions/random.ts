// random(), setseed() and gen_random_uuid(). Each session has its own generator (xoshiro128**,
// seeded from the OS until setseed() fixes the sequence), kept in a WeakMap keyed by the
// session object, so sessions never share state. Values differ from PostgreSQL's pg_prng but a
// seeded sequence repeats exactly within Treeline.
// Invariant: random() returns a double in [0, 1) with 53 random bits.
import { randomBytes, randomUUID } from 'node:crypto';
import { invalidParameter } from './errors.js';
import type { FunctionTable, SessionInfo } from './registry.js';

/** xoshiro128**: four 32-bit words of state. */
class Xoshiro128 {
  private readonly s = new Uint32Array(4);

  constructor(seed: Uint32Array) {
    this.reseed(seed);
  }

  reseed(seed: Uint32Array): void {
    this.s.set(seed.subarray(0, 4));
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1; // all-zero is a fixed point
  }

  next(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** A double in [0, 1) from 53 bits. */
  nextDouble(): number {
    const hi = this.next() >>> 5; // 27 bits
    const lo = this.next() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const generators = new WeakMap<SessionInfo, Xoshiro128>();

function generator(session: SessionInfo): Xoshiro128 {
  let g = generators.get(session);
  if (!g) {
    g = new Xoshiro128(new Uint32Array(randomBytes(16).buffer, 0, 4));
    generators.set(session, g);
  }
  return g;
}

/** A seed in [-1, 1] spread over the state with splitmix32 steps. */
function seedState(seed: number): Uint32Array {
  let x = Math.trunc(seed * 0x7fffffff) >>> 0;
  const state = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    state[i] = (z ^ (z >>> 16)) >>> 0;
  }
  return state;
}

/** setseed's %g formatting of the rejected value. */
function formatG(v: number): string {
  if (v !== v) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  const exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = v.toExponential(5).split('e');
    const mantissa = m!.includes('.') ? m!.replace(/\.?0+$/, '') : m!;
    const n = Number(e);
    return `${mantissa}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(Number(v.toPrecision(6)));
}

export const randomFunctions: FunctionTable = {
  drandom: (_a, ctx) => generator(ctx.session).nextDouble(),
  setseed: (a, ctx) => {
    const seed = a[0] as number;
    if (!(seed >= -1 && seed <= 1)) throw invalidParameter(`setseed parameter ${formatG(seed)} is out of allowed range [-1,1]`);
    generator(ctx.session).reseed(seedState(seed));
    return ''; // void
  },
  gen_random_uuid: () => randomUUID(),
};
