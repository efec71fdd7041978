// Bad input over a raw socket: unknown message types and impossible lengths end that
// connection with FATAL 08P01; malformed message contents get an ERROR; messages split at
// every byte boundary still work; and none of it disturbs another connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, cstr, message, serialize } from '../helpers/raw-client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let bystander: RawClient;
beforeAll(async () => {
  server = await startTestServer();
  bystander = await RawClient.connect(server.port);
});
afterAll(async () => {
  bystander.end();
  await server.stop();
});

async function bystanderStillWorks(): Promise<void> {
  bystander.write(serialize.query('SELECT 42'));
  const msgs = await bystander.ready();
  expect(msgs.find((m) => m.name === 'dataRow')!.fields).toEqual(['42']);
}

describe('malformed input', () => {
  it('closes the connection with FATAL 08P01 on an unknown message type', async () => {
    const c = await RawClient.connect(server.port);
    c.write(Buffer.from('7a00000004', 'hex'));
    const msgs = await c.until((m) => m.name === 'error');
    expect(msgs.at(-1)).toMatchObject({ severity: 'FATAL', code: '08P01', message: 'invalid frontend message type 122' });
    await c.closedPromise;
    await bystanderStillWorks();
  });

  it.each([
    ['a length below 4', '5100000002'],
    ['an oversized Sync', '537fffffff'],
    ['a Query beyond the limit', '517fffffff'],
  ])('closes the connection on %s', async (_what, hex) => {
    const c = await RawClient.connect(server.port);
    c.write(Buffer.from(hex, 'hex'));
    const msgs = await c.until((m) => m.name === 'error');
    expect(msgs.at(-1)).toMatchObject({ severity: 'FATAL', code: '08P01', message: 'invalid message length' });
    await c.closedPromise;
    await bystanderStillWorks();
  });

  it('answers malformed message contents with ERROR 08P01 and keeps the connection', async () => {
    const c = await RawClient.connect(server.port);
    c.write(message('Q', Buffer.from('SELECT 1'))); // no terminating NUL
    let msgs = await c.ready();
    expect(msgs[0]).toMatchObject({ severity: 'ERROR', code: '08P01', message: 'invalid string in message' });
    c.write(Buffer.concat([message('S', Buffer.from([0]))]));
    msgs = await c.ready();
    expect(msgs[0]).toMatchObject({ code: '08P01', message: 'invalid message format' });
    const bind = Buffer.concat([cstr(''), cstr(''), Buffer.from([0, 0, 0, 2])]);
    c.write(Buffer.concat([message('B', bind), serialize.sync()]));
    msgs = await c.ready();
    expect(msgs[0]).toMatchObject({ code: '08P01' });
    c.write(serialize.query('SELECT 1'));
    msgs = await c.ready();
    expect(msgs.find((m) => m.name === 'dataRow')!.fields).toEqual(['1']);
    c.end();
  });

  it('rejects invalid UTF-8 in a bind parameter with 22021', async () => {
    const c = await RawClient.connect(server.port);
    c.write(Buffer.concat([
      serialize.parse({ text: 'SELECT $1::text' }),
      serialize.bind({ values: [Buffer.from([0x61, 0xff, 0x62])], valueMapper: (v) => v }),
      serialize.sync(),
    ]));
    const msgs = await c.ready();
    expect(msgs.find((m) => m.name === 'error')).toMatchObject({ code: '22021' });
    c.end();
  });

  it('reassembles messages split at every byte', async () => {
    const c = await RawClient.connect(server.port);
    const bytes = Buffer.concat([
      serialize.query('SELECT 1 AS a'),
      serialize.parse({ text: 'SELECT $1::int4 + 1' }),
      serialize.bind({ values: ['41'] }),
      serialize.execute({}),
      serialize.sync(),
    ]);
    for (let i = 0; i < bytes.length; i++) {
      c.write(bytes.subarray(i, i + 1));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const first = await c.ready();
    expect(first.find((m) => m.name === 'dataRow')!.fields).toEqual(['1']);
    const second = await c.ready();
    expect(second.find((m) => m.name === 'dataRow')!.fields).toEqual(['42']);
    c.end();
  });

  it('closes a connection that sends garbage before startup without disturbing others', async () => {
    const c = await RawClient.open(server.port);
    c.write(Buffer.from('ffffffffffffffff', 'hex'));
    await c.closedPromise;
    await bystanderStillWorks();
  });
});
