// Startup over a raw socket: SSL/GSSENC answered 'N', unsupported protocol versions, startup
// parameters and settings, ParameterStatus/BackendKeyData as PostgreSQL 15 sends them, and the
// FATAL errors for a missing user, role or database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { RawClient, serialize } from '../helpers/raw-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

/** A startup packet with an arbitrary protocol version. */
function startupPacket(version: number, params: Record<string, string>): Buffer {
  const parts = [Buffer.alloc(4)];
  parts[0]!.writeInt32BE(version);
  for (const [k, v] of Object.entries(params)) parts.push(Buffer.from(`${k}\0${v}\0`));
  parts.push(Buffer.from([0]));
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(4);
  head.writeInt32BE(body.length + 4);
  return Buffer.concat([head, body]);
}

describe('startup', () => {
  it('sends the ParameterStatus set of PostgreSQL 15, BackendKeyData and ReadyForQuery', async () => {
    const c = await RawClient.open(server.port);
    c.write(serialize.startup({ user: 'postgres', database: 'postgres', application_name: 'probe' }));
    const msgs = await c.ready();
    expect(msgs[0]!.name).toBe('authenticationOk');
    const status = Object.fromEntries(msgs.filter((m) => m.name === 'parameterStatus').map((m) => [m.parameterName, m.parameterValue]));
    expect(Object.keys(status)).toEqual([
      'application_name',
      'client_encoding',
      'DateStyle',
      'default_transaction_read_only',
      'in_hot_standby',
      'integer_datetimes',
      'IntervalStyle',
      'is_superuser',
      'server_encoding',
      'server_version',
      'session_authorization',
      'standard_conforming_strings',
      'TimeZone',
    ]);
    expect(status).toMatchObject({
      application_name: 'probe',
      client_encoding: 'UTF8',
      DateStyle: 'ISO, MDY',
      integer_datetimes: 'on',
      IntervalStyle: 'postgres',
      is_superuser: 'on',
      server_encoding: 'UTF8',
      session_authorization: 'postgres',
      standard_conforming_strings: 'on',
    });
    expect(status.server_version).toMatch(/^15\.\d+/);
    const key = msgs.find((m) => m.name === 'backendKeyData')!;
    expect(key.processID).toBeGreaterThan(0);
    expect(msgs[msgs.length - 1]).toMatchObject({ name: 'readyForQuery', status: 'I' });
    c.end();
  });

  it('answers SSLRequest and GSSENCRequest with N and then accepts the startup packet', async () => {
    const c = await RawClient.open(server.port);
    c.rawMode = true;
    c.write(serialize.requestSsl());
    expect((await c.rawRead(1)).toString()).toBe('N');
    const gss = Buffer.alloc(8);
    gss.writeInt32BE(8);
    gss.writeInt32BE(80877104, 4);
    c.write(gss);
    expect((await c.rawRead(1)).toString()).toBe('N');
    c.rawMode = false;
    c.write(serialize.startup({ user: 'postgres' }));
    const msgs = await c.ready();
    expect(msgs.at(-1)).toMatchObject({ name: 'readyForQuery', status: 'I' });
    c.end();
  });

  it('rejects protocol 4.0 with FATAL 0A000 and protocol 2.0 in protocol 2 format', async () => {
    const c = await RawClient.open(server.port);
    c.write(startupPacket(4 << 16, { user: 'postgres' }));
    const msgs = await c.until((m) => m.name === 'error');
    expect(msgs.at(-1)).toMatchObject({ severity: 'FATAL', code: '0A000', message: 'unsupported frontend protocol 4.0: server supports 3.0 to 3.0' });
    await c.closedPromise;

    const old = await RawClient.open(server.port);
    old.rawMode = true;
    old.write(startupPacket(2 << 16, { user: 'postgres' }));
    await old.closedPromise;
    expect(Buffer.concat(old.rawBytes).toString('latin1')).toBe('EFATAL:  unsupported frontend protocol 2.0: server supports 3.0 to 3.0\n\0');
  });

  it('answers a 3.1 startup with NegotiateProtocolVersion and carries on', async () => {
    const c = await RawClient.open(server.port);
    c.rawMode = true;
    c.write(startupPacket((3 << 16) | 1, { user: 'postgres', '_pq_.foo': '1' }));
    const first = await c.rawRead(1);
    expect(first.toString()).toBe('v');
    c.end();
  });

  it.each([
    [{ database: 'postgres' }, '28000', 'no PostgreSQL user name specified in startup packet'],
    [{ user: 'nobody' }, '28000', 'role "nobody" does not exist'],
    [{ user: 'postgres', database: 'nope' }, '3D000', 'database "nope" does not exist'],
    [{ user: 'postgres', database: 'template0' }, '55000', 'database "template0" is not currently accepting connections'],
    [{ user: 'postgres', foo_bar: '1' }, '42704', 'unrecognized configuration parameter "foo_bar"'],
    [{ user: 'postgres', DateStyle: 'bogus' }, '22023', 'invalid value for parameter "DateStyle": "bogus"'],
  ])('startup %j fails with FATAL %s', async (params, code, message) => {
    const c = await RawClient.open(server.port);
    c.write(startupPacket(3 << 16, params));
    const msgs = await c.until((m) => m.name === 'error');
    expect(msgs.at(-1)).toMatchObject({ severity: 'FATAL', code, message });
    await c.closedPromise;
  });

  it('applies settings from startup parameters and -c options', async () => {
    const c = await RawClient.open(server.port);
    c.write(serialize.startup({ user: 'postgres', options: '-c DateStyle=German --extra_float_digits=2', TimeZone: 'Europe/Berlin' }));
    const msgs = await c.ready();
    const status = Object.fromEntries(msgs.filter((m) => m.name === 'parameterStatus').map((m) => [m.parameterName, m.parameterValue]));
    expect(status.DateStyle).toBe('German, DMY');
    expect(status.TimeZone).toBe('Europe/Berlin');
    c.write(serialize.query('SHOW extra_float_digits'));
    const rows = (await c.ready()).filter((m) => m.name === 'dataRow');
    expect(rows[0]!.fields).toEqual(['2']);
    c.end();
  });

  it('closes silently on a startup packet with an impossible length', async () => {
    const c = await RawClient.open(server.port);
    c.rawMode = true;
    c.write(Buffer.from('0000000400000000', 'hex'));
    await c.closedPromise;
    expect(Buffer.concat(c.rawBytes).length).toBe(0);
  });
});
