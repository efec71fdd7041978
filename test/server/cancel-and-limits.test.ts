// CancelRequest cancels exactly the backend its key names (57014) and nothing else;
// --max-connections refuses the extra connection with 53300.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, serialize } from '../helpers/raw-client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ maxConnections: 4 });
});
afterAll(async () => {
  await server.stop();
});

async function connectWithKey(): Promise<{ client: RawClient; pid: number; secret: number }> {
  const client = await RawClient.open(server.port);
  client.write(serialize.startup({ user: 'postgres', database: 'postgres' }));
  const msgs = await client.ready();
  const key = msgs.find((m) => m.name === 'backendKeyData')!;
  return { client, pid: key.processID, secret: key.secretKey };
}

async function sendCancel(pid: number, secret: number): Promise<void> {
  const c = await RawClient.open(server.port);
  c.write(serialize.cancel(pid, secret));
  await c.closedPromise;
}

describe('cancel', () => {
  it('cancels the running statement of the backend named by the key, and only that one', async () => {
    const a = await connectWithKey();
    const b = await connectWithKey();
    a.client.write(serialize.query('SELECT pg_sleep(30)'));
    b.client.write(serialize.query('SELECT pg_sleep(0.5) AS slept'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sendCancel(a.pid, a.secret + 1); // wrong secret: ignored
    await sendCancel(a.pid, a.secret);
    const msgs = await a.client.ready(5000);
    expect(msgs.find((m) => m.name === 'error')).toMatchObject({ code: '57014', message: 'canceling statement due to user request' });
    const other = await b.client.ready(5000);
    expect(other.find((m) => m.name === 'dataRow')!.fields).toEqual(['']);
    a.client.write(serialize.query('SELECT 1'));
    expect((await a.client.ready()).find((m) => m.name === 'dataRow')!.fields).toEqual(['1']);
    a.client.end();
    b.client.end();
  });

  it('ignores a cancel that arrives while the backend is idle', async () => {
    const a = await connectWithKey();
    await sendCancel(a.pid, a.secret);
    a.client.write(serialize.query('SELECT pg_sleep(0.05)'));
    const msgs = await a.client.ready();
    expect(msgs.some((m) => m.name === 'error')).toBe(false);
    a.client.end();
  });
});

describe('statement_timeout', () => {
  it('cancels a statement that runs longer, with its own message', async () => {
    const { client } = await connectWithKey();
    client.write(serialize.query("SET statement_timeout = '100ms'; SELECT pg_sleep(5)"));
    const msgs = await client.ready(5000);
    expect(msgs.find((m) => m.name === 'error')).toMatchObject({ code: '57014', message: 'canceling statement due to statement timeout' });
    client.write(serialize.query('SELECT pg_sleep(0.01) AS slept'));
    expect((await client.ready()).some((m) => m.name === 'error')).toBe(false);
    client.end();
  });
});

describe('terminate', () => {
  it('closes the connection on Terminate', async () => {
    const { client } = await connectWithKey();
    client.write(serialize.end());
    await client.closedPromise;
    expect(client.closed).toBe(true);
  });
});

describe('max connections', () => {
  it('refuses connections beyond the limit with FATAL 53300', async () => {
    const clients = [];
    for (let i = 0; i < 4; i++) clients.push(await RawClient.connect(server.port));
    const extra = await RawClient.open(server.port);
    extra.write(serialize.startup({ user: 'postgres' }));
    const msgs = await extra.until((m) => m.name === 'error');
    expect(msgs.at(-1)).toMatchObject({ severity: 'FATAL', code: '53300', message: 'sorry, too many clients already' });
    await extra.closedPromise;
    clients[0]!.end();
    await clients[0]!.closedPromise;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await RawClient.connect(server.port);
    again.write(serialize.query('SELECT 1'));
    expect((await again.ready()).find((m) => m.name === 'dataRow')!.fields).toEqual(['1']);
    for (const c of [...clients.slice(1), again]) c.end();
  });
});
