// Binary format in both directions for the types: a text value cast to each type comes
// back in binary exactly as PostgreSQL 15 sends it (bytes recorded from PostgreSQL), and those
// bytes bound as a binary parameter come back unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtins } from '../../src/catalog/builtins.js';
import { RawClient, serialize } from '../helpers/raw-client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** [text input, hex of PostgreSQL 15's binary output] per type. */
const RECORDED: Record<string, [string, string][]> = {
  bool: [
    ["true", "01"],
    ["false", "00"],
  ],
  int2: [
    ["0", "0000"],
    ["-32768", "8000"],
    ["32767", "7fff"],
    ["12345", "3039"],
  ],
  int4: [
    ["0", "00000000"],
    ["-2147483648", "80000000"],
    ["2147483647", "7fffffff"],
    ["42", "0000002a"],
  ],
  int8: [
    ["0", "0000000000000000"],
    ["-9223372036854775808", "8000000000000000"],
    ["9223372036854775807", "7fffffffffffffff"],
    ["1234567890123", "0000011f71fb04cb"],
  ],
  float4: [
    ["0", "00000000"],
    ["-0", "80000000"],
    ["1.5", "3fc00000"],
    ["3.4028235e+38", "7f7fffff"],
    ["NaN", "7fc00000"],
    ["Infinity", "7f800000"],
    ["-Infinity", "ff800000"],
    ["0.1", "3dcccccd"],
  ],
  float8: [
    ["0", "0000000000000000"],
    ["1.5", "3ff8000000000000"],
    ["-2.25e-300", "81b81be3bb5811c4"],
    ["NaN", "7ff8000000000000"],
    ["-Infinity", "fff0000000000000"],
    ["0.1", "3fb999999999999a"],
  ],
  text: [
    ["", ""],
    ["hello", "68656c6c6f"],
    ["ümlaut 日本", "c3bc6d6c61757420e697a5e69cac"],
  ],
  varchar: [
    ["abc", "616263"],
  ],
  bytea: [
    ["\\x", ""],
    ["\\x00ff10", "00ff10"],
  ],
  date: [
    ["2000-01-01", "00000000"],
    ["2024-02-29", "00002279"],
    ["1999-12-31", "ffffffff"],
    ["0044-03-15 BC", "fff49d7b"],
    ["infinity", "7fffffff"],
    ["-infinity", "80000000"],
  ],
  timestamp: [
    ["2000-01-01 00:00:00", "0000000000000000"],
    ["2024-02-29 13:45:06.123456", "0002b5843c57dec0"],
    ["1969-07-20 20:17:40", "fffc96188bae6100"],
    ["infinity", "7fffffffffffffff"],
  ],
  timestamptz: [
    ["2000-01-01 00:00:00+00", "0000000000000000"],
    ["2024-02-29 13:45:06.5+02", "0002b5828f3655a0"],
    ["-infinity", "8000000000000000"],
  ],
  uuid: [
    ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11"],
    ["00000000-0000-0000-0000-000000000000", "00000000000000000000000000000000"],
  ],
  numeric: [
    ["0", "0000000000000000"],
    ["1", "00010000000000000001"],
    ["-1.50", "000200004000000200011388"],
    ["12345.6789", "0003000100000004000109291a85"],
    ["0.0001", "0001ffff000000040001"],
    ["1e20", "00010005000000000001"],
    ["-99999999999999999999.99999", "0007000440000005270f270f270f270f270f270f2328"],
    ["NaN", "00000000c0000000"],
    ["Infinity", "00000000d0000020"],
    ["-Infinity", "00000000f0000020"],
    ["0.00", "0000000000000002"],
  ],
};

let server: TestServer;
let c: RawClient;
beforeAll(async () => {
  server = await startTestServer();
  c = await RawClient.connect(server.port);
  c.binaryFields();
});
afterAll(async () => {
  c.end();
  await server.stop();
});

async function binaryResult(messages: Buffer[]): Promise<string> {
  c.write(Buffer.concat([...messages, serialize.execute({}), serialize.sync()]));
  const msgs = await c.ready();
  const error = msgs.find((m) => m.name === 'error');
  if (error) throw new Error(error.message);
  return (c.dataRowsRaw().at(-1)![0] as Buffer).toString('hex');
}

describe.each(Object.entries(RECORDED))('binary %s', (type, samples) => {
  const oid = builtins().typeByName.get(type)!.oid;

  it.each(samples)('sends %j as PostgreSQL does', async (text, hex) => {
    const got = await binaryResult([
      serialize.parse({ text: `SELECT $1::${type}`, types: [25] }),
      serialize.bind({ values: [text], binary: true }),
    ]);
    expect(got).toBe(hex);
  });

  it.each(samples)('receives the binary form of %j', async (_text, hex) => {
    const got = await binaryResult([
      serialize.parse({ text: 'SELECT $1', types: [oid] }),
      serialize.bind({ values: [Buffer.from(hex, 'hex')], binary: true, valueMapper: (v) => v }),
    ]);
    expect(got).toBe(hex);
  });
});
