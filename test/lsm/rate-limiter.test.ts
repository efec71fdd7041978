// The byte rate limiter on a fake clock (sleep advances it, so no test waits for real): N bytes at
// R bytes/s take ≈ N/R whatever the request sizes, unlimited never waits, a new rate applies (also
// to a request already waiting), grants come in call order; real timers are unref'd; the
// throttled engine makes writes wait for their bytes.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FaultInjectingEngine } from '../../src/io/index.js';
import { MAX_SLEEP_MS, RateLimiter, throttleWrites } from '../../src/lsm/rate-limiter.js';

function fakeClock() {
  const clock = {
    t: 0,
    sleeps: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps++;
      clock.t += ms;
    },
  };
  return clock;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('RateLimiter', () => {
  it('takes about N/R for N bytes at R bytes/s, whatever the request sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 100, max: 1_000_000 }),
        fc.integer({ min: 1, max: 50_000 }),
        fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 1, maxLength: 30 }),
        async (rate, burst, sizes) => {
          const clock = fakeClock();
          const limiter = new RateLimiter({ bytesPerSecond: rate, burstBytes: burst, now: clock.now, sleep: clock.sleep });
          for (const n of sizes) await limiter.acquire(n);
          const total = sizes.reduce((a, b) => a + b, 0);
          const ideal = (Math.max(0, total - burst) / rate) * 1000;
          const rounding = 1e-9 * ideal + 1e-6; // float sums of many short sleeps
          expect(clock.t).toBeGreaterThanOrEqual(ideal - rounding);
          // Each sleep is at least 1 ms, so a grant may overshoot by that much.
          expect(clock.t).toBeLessThanOrEqual(ideal + sizes.length + rounding);
          expect(limiter.bytesGranted).toBe(total);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('waits for a request larger than the burst in proportion, and counts the wait', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ bytesPerSecond: 1000, burstBytes: 100, now: clock.now, sleep: clock.sleep });
    await limiter.acquire(100); // the full bucket
    expect(clock.t).toBe(0);
    await limiter.acquire(5000);
    expect(clock.t).toBeCloseTo(5000, 6);
    expect(limiter.waitedMs).toBeCloseTo(5000, 6);
    expect(limiter.bytesGranted).toBe(5100);
  });

  it('refills while idle, up to the burst only', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ bytesPerSecond: 1000, burstBytes: 500, now: clock.now, sleep: clock.sleep });
    await limiter.acquire(500);
    clock.t += 60_000; // a long idle spell refills 500 bytes, not 60 000
    await limiter.acquire(1500);
    expect(clock.t - 60_000).toBeCloseTo(1000, 6);
  });

  it('never waits when unlimited (0 or Infinity)', async () => {
    for (const rate of [0, Infinity]) {
      const clock = fakeClock();
      const limiter = new RateLimiter({ bytesPerSecond: rate, now: clock.now, sleep: clock.sleep });
      expect(limiter.unlimited).toBe(true);
      for (let i = 0; i < 50; i++) await limiter.acquire(1 << 30);
      expect(clock.sleeps).toBe(0);
      expect(clock.t).toBe(0);
      expect(limiter.bytesGranted).toBe(50 * (1 << 30));
      expect(limiter.waitedMs).toBe(0);
    }
  });

  it('applies a changed rate to later requests', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ bytesPerSecond: 1000, burstBytes: 1, now: clock.now, sleep: clock.sleep });
    await limiter.acquire(2001);
    expect(clock.t).toBeCloseTo(2000, 6);
    limiter.bytesPerSecond = 4000;
    const before = clock.t;
    await limiter.acquire(4000);
    expect(clock.t - before).toBeCloseTo(1000, 0);
    limiter.bytesPerSecond = 0;
    const after = clock.t;
    await limiter.acquire(1e9);
    expect(clock.t).toBe(after);
    limiter.bytesPerSecond = 100;
    await limiter.acquire(1000);
    expect(clock.t - after).toBeGreaterThanOrEqual(9000);
  });

  it('applies a changed rate to a request already waiting', async () => {
    const clock = fakeClock();
    // At 100 B/s, 10 000 bytes take 100 s; the rate rises to 1 MB/s during the first sleep.
    let sleeps = 0;
    const raised: RateLimiter = new RateLimiter({
      bytesPerSecond: 100,
      burstBytes: 1,
      now: clock.now,
      sleep: async (ms) => {
        expect(ms).toBeLessThanOrEqual(MAX_SLEEP_MS);
        if (++sleeps === 1) raised.bytesPerSecond = 1_000_000;
        clock.t += ms;
      },
    });
    await raised.acquire(10_001);
    expect(clock.t).toBeLessThanOrEqual(2 * MAX_SLEEP_MS);

    // Made unlimited while waiting: granted at the next wake-up.
    const lifted: RateLimiter = new RateLimiter({
      bytesPerSecond: 100,
      burstBytes: 1,
      now: clock.now,
      sleep: async (ms) => {
        lifted.bytesPerSecond = Infinity;
        clock.t += ms;
      },
    });
    const start = clock.t;
    await lifted.acquire(10_001);
    expect(clock.t - start).toBeLessThanOrEqual(MAX_SLEEP_MS);
  });

  it('grants concurrent requests in call order', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ bytesPerSecond: 1000, burstBytes: 10, now: clock.now, sleep: clock.sleep });
    const order: number[] = [];
    await Promise.all([500, 10, 300, 1].map((n, i) => limiter.acquire(n).then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(clock.t).toBeCloseTo(801, 6);
  });

  it('rejects nonsense', async () => {
    expect(() => new RateLimiter({ bytesPerSecond: -1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ bytesPerSecond: 10, burstBytes: 0 })).toThrow(RangeError);
    const limiter = new RateLimiter({ bytesPerSecond: 10 });
    expect(() => (limiter.bytesPerSecond = Number.NaN)).toThrow(RangeError);
    await expect(limiter.acquire(-1)).rejects.toThrow(RangeError);
    await expect(limiter.acquire(Infinity)).rejects.toThrow(RangeError);
  });

  it('waits on real timers that do not keep the process alive', async () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const limiter = new RateLimiter({ bytesPerSecond: 1_000_000, burstBytes: 1000 });
    const start = performance.now();
    await limiter.acquire(1000);
    await limiter.acquire(10_000); // ~10 ms
    expect(performance.now() - start).toBeGreaterThanOrEqual(8);
    // The limiter's sleeps (vitest's own timers run for 30 s and are not looked at).
    const sleeps = spy.mock.calls.map((call, i) => ({ ms: call[1], timer: spy.mock.results[i]!.value as NodeJS.Timeout })).filter((c) => c.ms !== undefined && c.ms <= MAX_SLEEP_MS);
    expect(sleeps.length).toBeGreaterThan(0);
    for (const { timer } of sleeps) expect(timer.hasRef()).toBe(false);
  });
});

describe('throttleWrites', () => {
  it('makes each asynchronous write wait for its bytes', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ bytesPerSecond: 1000, burstBytes: 100, now: clock.now, sleep: clock.sleep });
    const inner = new FaultInjectingEngine({ durableDirs: ['/data'] });
    const engine = throttleWrites(inner, limiter);
    const file = engine.open('/data/f', 'create');
    await engine.write(file, Buffer.alloc(1100), 0);
    expect(clock.t).toBeCloseTo(1000, 6);
    await engine.submit([
      { op: 'write', file, buffer: Buffer.alloc(500), position: 1100 },
      { op: 'write', file, buffer: Buffer.alloc(500), position: 1600 },
      { op: 'sync', file },
    ]);
    expect(clock.t).toBeCloseTo(2000, 6);
    expect(limiter.bytesGranted).toBe(2100);
    expect(engine.size(file)).toBe(2100);
    engine.writeSync(file, Buffer.alloc(10), 0); // synchronous calls pass straight through
    expect(limiter.bytesGranted).toBe(2100);
    engine.close(file);
    await engine.shutdown();
  });
});
