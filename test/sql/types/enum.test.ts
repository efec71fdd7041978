// Enum I/O through a TypeContext whose catalog names the labels: text and binary forms are the
// label, values are sort orders, unknown labels fail with 22P02 naming the type, labels added in
// the running transaction with 55P04, a type that is gone with 42704. Arrays of enums get their
// I/O from the element type; the OID facts (even type, odd array type) drive typeIO.
import { describe, expect, it } from 'vitest';
import { defaultTypeContext, typeIO } from '../../../src/sql/types/index.js';
import { arrayTypeInfo } from '../../../src/sql/types/array.js';
import { EnumLabels } from '../../../src/sql/types/enum.js';
import { arrayTypeOfEnum, enumOfArrayType, isEnumType } from '../../../src/sql/types/enum-oids.js';
import type { TypeContext } from '../../../src/sql/types/typeio.js';
import { ArrayValue } from '../../../src/sql/types/value.js';

const MOOD = 16390;
const MOOD_ARRAY = 16391;
// 'meh' was added BEFORE 'ok' by the running transaction
const labels = new EnumLabels(MOOD, [
  { oid: 16392, label: 'sad', sortOrder: 1 },
  { oid: 16400, label: 'meh', sortOrder: 1.5 },
  { oid: 16393, label: 'ok', sortOrder: 2 },
  { oid: 16394, label: 'happy', sortOrder: 3 },
]);

const ctx: TypeContext = {
  ...defaultTypeContext(),
  names: {
    relationName: () => undefined,
    relationOid: () => 0,
    typeName: (oid) => (oid === MOOD ? 'mood' : oid === MOOD_ARRAY ? 'mood[]' : undefined),
    enumLabels: (oid) => (oid === MOOD ? labels : undefined),
    enumLabelIsNew: (oid) => oid === 16400,
  },
};

describe('enum type I/O', () => {
  const io = typeIO(MOOD)!;

  it('reads and prints labels; values are sort orders', () => {
    expect(io.input('happy', -1, ctx)).toBe(3);
    expect(io.output(2, ctx)).toBe('ok');
    expect(io.receive(Buffer.from('sad'), -1, ctx)).toBe(1);
    expect(io.send(3, ctx)).toEqual(Buffer.from('happy'));
  });

  it('refuses unknown labels (22P02), new labels (55P04) and vanished types (42704)', () => {
    expect(() => io.input('angry', -1, ctx)).toThrow(expect.objectContaining({ code: '22P02', message: 'invalid input value for enum mood: "angry"' }));
    expect(() => io.input('Sad', -1, ctx)).toThrow(expect.objectContaining({ code: '22P02' }));
    expect(() => io.receive(Buffer.from('angry'), -1, ctx)).toThrow(expect.objectContaining({ code: '22P02' }));
    expect(() => io.input('meh', -1, ctx)).toThrow(
      expect.objectContaining({ code: '55P04', message: 'unsafe use of new value "meh" of enum type mood', hint: 'New enum values must be committed before they can be used.' }),
    );
    expect(io.output(1.5, ctx)).toBe('meh'); // printing an existing value is always allowed
    expect(() => typeIO(MOOD + 2)!.input('x', -1, ctx)).toThrow(expect.objectContaining({ code: '42704', message: `type with OID ${MOOD + 2} does not exist` }));
    expect(() => io.input('sad', -1, defaultTypeContext())).toThrow(expect.objectContaining({ code: '42704' }));
    expect(() => io.output(9, ctx)).toThrow(expect.objectContaining({ message: 'invalid internal value for enum: 9' }));
  });

  it('gives arrays of the enum their I/O from the labels', () => {
    const arrayIO = typeIO(MOOD_ARRAY)!;
    const a = arrayIO.input('{happy,NULL,sad}', -1, ctx) as ArrayValue;
    expect(a.elementType).toBe(MOOD);
    expect(a.elements).toEqual([3, null, 1]);
    expect(arrayIO.output(new ArrayValue(MOOD, [2, 1], [2]), ctx)).toBe('{ok,sad}');
    expect(arrayIO.receive(arrayIO.send(a, ctx), -1, ctx)).toEqual(a);
    expect(() => arrayIO.input('{ok,angry}', -1, ctx)).toThrow(expect.objectContaining({ code: '22P02' }));
  });
});

describe('enum type OIDs', () => {
  it('pair an even type OID with the next, odd one as its array type', () => {
    expect(isEnumType(MOOD)).toBe(true);
    expect(isEnumType(MOOD_ARRAY)).toBe(false);
    expect(isEnumType(23)).toBe(false);
    expect(arrayTypeOfEnum(MOOD)).toBe(MOOD_ARRAY);
    expect(enumOfArrayType(MOOD_ARRAY)).toBe(MOOD);
    expect(enumOfArrayType(1007)).toBe(0);
    expect(arrayTypeInfo(MOOD_ARRAY)).toEqual({ elementType: MOOD, delimiter: ',', vector: false });
    expect(arrayTypeInfo(MOOD)).toBeUndefined();
  });
});
