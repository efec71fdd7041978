// The simple query protocol over a raw socket: several statements per message, an error
// stopping the rest, EmptyQueryResponse, ReadyForQuery status through transaction blocks and
// the failed-transaction state, notices, ParameterStatus after SET.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, serialize, type Msg } from '../helpers/raw-client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let c: RawClient;
beforeAll(async () => {
  server = await startTestServer();
  c = await RawClient.connect(server.port);
});
afterAll(async () => {
  c.end();
  await server.stop();
});

async function query(sql: string): Promise<Msg[]> {
  c.write(serialize.query(sql));
  return c.ready();
}

const names = (msgs: Msg[]) => msgs.map((m) => m.name);

describe('simple query', () => {
  it('runs every statement of a message in order', async () => {
    const msgs = await query('SELECT 1 AS a; SELECT 2 AS b, 3 AS c');
    expect(names(msgs)).toEqual(['rowDescription', 'dataRow', 'commandComplete', 'rowDescription', 'dataRow', 'commandComplete', 'readyForQuery']);
    expect(msgs[1]!.fields).toEqual(['1']);
    expect(msgs[4]!.fields).toEqual(['2', '3']);
    expect(msgs[2]!.text).toBe('SELECT 1');
  });

  it('stops at the first error and skips the rest', async () => {
    const msgs = await query('SELECT 1; SELECT 1/0; SELECT 3');
    expect(names(msgs)).toEqual(['rowDescription', 'dataRow', 'commandComplete', 'error', 'readyForQuery']);
    expect(msgs[3]).toMatchObject({ code: '22012', message: 'division by zero', severity: 'ERROR' });
    expect(msgs.at(-1)!.status).toBe('I');
  });

  it('runs nothing when any statement has a syntax error, and reports its position', async () => {
    const msgs = await query('SELECT 1; SELECT FROM WHERE');
    expect(names(msgs)).toEqual(['error', 'readyForQuery']);
    expect(msgs[0]).toMatchObject({ code: '42601', message: 'syntax error at or near "WHERE"', position: '23' });
  });

  it.each(['', '   ', '-- just a comment', '/* block */', ';'])('answers %j with EmptyQueryResponse', async (sql) => {
    const msgs = await query(sql);
    expect(names(msgs)).toEqual(['emptyQuery', 'readyForQuery']);
  });

  it('reports transaction status in ReadyForQuery and the failed state', async () => {
    expect((await query('BEGIN')).at(-1)!.status).toBe('T');
    expect((await query('SELECT 1')).at(-1)!.status).toBe('T');
    const failed = await query('SELECT 1/0');
    expect(failed.at(-1)!.status).toBe('E');
    const ignored = await query('SELECT 1');
    expect(ignored[0]).toMatchObject({
      code: '25P02',
      message: 'current transaction is aborted, commands ignored until end of transaction block',
    });
    expect(ignored.at(-1)!.status).toBe('E');
    const rolled = await query('ROLLBACK');
    expect(rolled[0]!.text).toBe('ROLLBACK');
    expect(rolled.at(-1)!.status).toBe('I');
  });

  it('turns COMMIT of a failed block into ROLLBACK', async () => {
    await query('BEGIN; SELECT 1/0');
    const msgs = await query('COMMIT');
    expect(msgs[0]!.text).toBe('ROLLBACK');
    expect(msgs.at(-1)!.status).toBe('I');
  });

  it('warns about COMMIT outside and BEGIN inside a transaction', async () => {
    const commit = await query('COMMIT');
    expect(commit[0]).toMatchObject({ name: 'notice', severity: 'WARNING', code: '25P01', message: 'there is no transaction in progress' });
    expect(commit[1]!.text).toBe('COMMIT');
    const begin = await query('BEGIN; BEGIN');
    expect(begin.find((m) => m.name === 'notice')).toMatchObject({ code: '25001', message: 'there is already a transaction in progress' });
    expect(begin.at(-1)!.status).toBe('T');
    await query('END');
  });

  it('keeps a block opened inside a multi-statement message', async () => {
    const msgs = await query('SELECT 1; BEGIN; SELECT 2');
    expect(msgs.at(-1)!.status).toBe('T');
    expect((await query('COMMIT')).at(-1)!.status).toBe('I');
  });

  it('undoes SET in a rolled-back block and reports changes with ParameterStatus', async () => {
    const set = await query("SET application_name = 'one'");
    expect(set.find((m) => m.name === 'parameterStatus')).toMatchObject({ parameterName: 'application_name', parameterValue: 'one' });
    const rolled = await query("BEGIN; SET application_name = 'two'; ROLLBACK");
    const statuses = rolled.filter((m) => m.name === 'parameterStatus');
    expect(statuses).toEqual([]);
    const show = await query('SHOW application_name');
    expect(show[1]!.fields).toEqual(['one']);
  });

  it('rolls back a failed multi-statement message as one implicit transaction', async () => {
    await query("SET application_name = 'before'");
    const msgs = await query("SET application_name = 'inside'; SELECT 1/0");
    expect(msgs.some((m) => m.name === 'parameterStatus')).toBe(false);
    const show = await query('SHOW application_name');
    expect(show[1]!.fields).toEqual(['before']);
  });
});
