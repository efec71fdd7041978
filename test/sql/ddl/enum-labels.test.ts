// Sort orders of enum labels: ADD VALUE at the end, BEFORE and AFTER gives PostgreSQL's numbers
// (last + 1, neighbour ± 1 at the ends, midpoints between), never changes existing ones, keeps
// the labels in the order the statements asked for, and reports a used-up gap instead of
// renumbering. Label length is limited to 63 bytes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkLabel, newLabelSortOrder } from '../../../src/sql/ddl/enum-labels.js';

describe('newLabelSortOrder', () => {
  it('numbers as PostgreSQL does', () => {
    expect(newLabelSortOrder([], null, false)).toBe(1);
    expect(newLabelSortOrder([1, 2, 3], null, false)).toBe(4);
    expect(newLabelSortOrder([1, 2, 3], 1, false)).toBe(1.5); // BEFORE the second
    expect(newLabelSortOrder([1, 2, 3], 1, true)).toBe(2.5); // AFTER the second
    expect(newLabelSortOrder([1, 2, 3], 0, false)).toBe(0); // BEFORE the first
    expect(newLabelSortOrder([1, 2, 3], 2, true)).toBe(4); // AFTER the last
    expect(newLabelSortOrder([-3, 1], 0, false)).toBe(-4);
  });

  it('reports a gap that has no float8 left instead of reusing a neighbour', () => {
    const a = 1;
    const b = 1 + Number.EPSILON;
    expect(newLabelSortOrder([a, b], 1, false)).toBeNull();
    expect(newLabelSortOrder([a, b], 0, true)).toBeNull();
    // halving one gap again and again runs out after about 52 steps, never returning a neighbour
    let orders = [1, 2];
    let steps = 0;
    for (;;) {
      const next = newLabelSortOrder(orders, 1, false);
      if (next === null) break;
      expect(next).toBeGreaterThan(orders[0]!);
      expect(next).toBeLessThan(orders[1]!);
      orders = [orders[0]!, next];
      steps++;
    }
    expect(steps).toBeGreaterThan(40);
  });

  it('keeps labels in the requested order under random ADD VALUE sequences (model: a list)', () => {
    type Op = { kind: 'end' } | { kind: 'before' | 'after'; at: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.constant<Op>({ kind: 'end' }),
      fc.record({ kind: fc.constantFrom<'before' | 'after'>('before', 'after'), at: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const model: number[] = []; // label ids in list order
        const orders = new Map<number, number>(); // label id -> sort order, never changed
        ops.forEach((o, id) => {
          const sorted = [...model].sort((x, y) => orders.get(x)! - orders.get(y)!);
          const neighbor = o.kind === 'end' || model.length === 0 ? null : o.at % model.length;
          const order = newLabelSortOrder(
            sorted.map((l) => orders.get(l)!),
            neighbor,
            o.kind === 'after',
          );
          if (order === null) return; // a used-up gap: the statement fails, nothing changes
          orders.set(id, order);
          if (neighbor === null) model.push(id);
          else model.splice(o.kind === 'after' ? neighbor + 1 : neighbor, 0, id);
        });
        const bySortOrder = [...model].sort((x, y) => orders.get(x)! - orders.get(y)!);
        expect(bySortOrder).toEqual(model);
        expect(new Set(orders.values()).size).toBe(orders.size);
      }),
    );
  });
});

describe('checkLabel', () => {
  it('allows 63 bytes and refuses 64 with 42602', () => {
    expect(() => checkLabel('a'.repeat(63))).not.toThrow();
    expect(() => checkLabel('')).not.toThrow();
    expect(() => checkLabel('é'.repeat(32))).toThrow(expect.objectContaining({ code: '42602', message: `invalid enum label "${'é'.repeat(32)}"` }));
    expect(() => checkLabel('a'.repeat(64))).toThrow(expect.objectContaining({ code: '42602', detail: 'Labels must be 63 bytes or less.' }));
  });
});
