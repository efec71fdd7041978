// Sequence values: log_cnt as PostgreSQL reports it (32 values logged ahead, counted down, 0
// after setval or a restart of the sequence), CACHE values handed out at once, and no value
// handed out twice after a crash — also when a cycling sequence has wrapped around since it
// last logged.
import { describe, expect, it } from 'vitest';
import type { SequenceOptions } from '../../src/catalog/objects.js';
import { SequenceStore } from '../../src/catalog/sequences.js';
import { FaultInjectingEngine } from '../../src/io/index.js';
import { KvLog } from '../../src/storage/kv/index.js';

const OPTIONS: SequenceOptions = { typeOid: 20, start: '1', increment: '1', min: '1', max: '1000', cache: '1', cycle: false };
const DB = 5;
const SEQ = 16400;

function open(engine: FaultInjectingEngine): SequenceStore {
  return new SequenceStore(KvLog.open(engine, '/db/catalog.kv', { logger: { warn: () => {}, error: () => {} } }));
}

/** Lets the store's log writes reach the (in-memory) disk. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('SequenceStore', () => {
  it('counts log_cnt down from 32 as PostgreSQL does', () => {
    const store = open(new FaultInjectingEngine({ durableDirs: ['/db'] }));
    expect(store.peek(DB, SEQ, OPTIONS)).toEqual({ last: 1n, isCalled: false, logCnt: 0n });
    expect(store.nextval(DB, SEQ, 's', OPTIONS)).toEqual({ first: 1n, last: 1n });
    expect(store.peek(DB, SEQ, OPTIONS).logCnt).toBe(32n);
    store.nextval(DB, SEQ, 's', OPTIONS);
    store.nextval(DB, SEQ, 's', OPTIONS);
    expect(store.peek(DB, SEQ, OPTIONS)).toEqual({ last: 3n, isCalled: true, logCnt: 30n });
    for (let i = 0; i < 30; i++) store.nextval(DB, SEQ, 's', OPTIONS);
    expect(store.peek(DB, SEQ, OPTIONS)).toEqual({ last: 33n, isCalled: true, logCnt: 0n });
    store.nextval(DB, SEQ, 's', OPTIONS);
    expect(store.peek(DB, SEQ, OPTIONS)).toEqual({ last: 34n, isCalled: true, logCnt: 32n });
    store.setval(DB, SEQ, 's', OPTIONS, 10n, true);
    expect(store.peek(DB, SEQ, OPTIONS)).toEqual({ last: 10n, isCalled: true, logCnt: 0n });
    store.setval(DB, SEQ, 's', OPTIONS, 10n, false);
    expect(store.peek(DB, SEQ, OPTIONS).logCnt).toBe(0n);
    expect(store.nextval(DB, SEQ, 's', OPTIONS).first).toBe(10n);
  });

  it('hands out CACHE values at once, as PostgreSQL shows them', () => {
    const store = open(new FaultInjectingEngine({ durableDirs: ['/db'] }));
    const cached: SequenceOptions = { ...OPTIONS, start: '100', increment: '5', max: '170', cache: '10' };
    expect(store.nextval(DB, SEQ, 's', cached)).toEqual({ first: 100n, last: 145n });
    // the 32 values logged ahead stop at MAXVALUE: 5 are left to log (PostgreSQL shows the same)
    expect(store.peek(DB, SEQ, cached)).toEqual({ last: 145n, isCalled: true, logCnt: 5n });
    expect(store.nextval(DB, SEQ, 's', cached)).toEqual({ first: 150n, last: 170n });
    expect(store.peek(DB, SEQ, cached)).toEqual({ last: 170n, isCalled: true, logCnt: 0n });
    expect(() => store.nextval(DB, SEQ, 's', cached)).toThrow('nextval: reached maximum value of sequence "s" (170)');
  });

  it('never hands a value out twice after a crash, also after cycling', async () => {
    const engine = new FaultInjectingEngine({ durableDirs: ['/db'] });
    const cycling: SequenceOptions = { ...OPTIONS, max: '40', cycle: true };
    let store = open(engine);
    // 1..40, then around again to 1..5: those five are the values a restart must not repeat
    const since: bigint[] = [];
    for (let i = 0; i < 45; i++) {
      const v = store.nextval(DB, SEQ, 's', cycling).first;
      if (i >= 40) since.push(v);
    }
    expect(since).toEqual([1n, 2n, 3n, 4n, 5n]);
    await settle();
    engine.powerLoss();
    store = open(engine);
    const next = store.nextval(DB, SEQ, 's', cycling).first;
    expect(since).not.toContain(next);
    // the value logged ahead at the wrap (1 + 32) is where it resumes
    expect(next).toBe(34n);
  });
});
