// The extended query protocol over a raw socket: Parse (named, unnamed, typed and deduced
// parameters), Bind with text and binary parameters and result formats, Describe of
// statements and portals, Execute with a row limit, Close, Flush, Sync, the discard-until-Sync
// rule after an error, and named statements shared with SQL PREPARE / EXECUTE / DEALLOCATE.
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

const names = (msgs: Msg[]) => msgs.map((m) => m.name);

function send(...messages: Buffer[]): Promise<Msg[]> {
  c.write(Buffer.concat(messages));
  return c.ready();
}

describe('extended query', () => {
  it('describes a statement with given and deduced parameter types', async () => {
    const msgs = await send(
      serialize.parse({ name: 's1', text: 'SELECT $1::int + $2, $3', types: [23] }),
      serialize.describe({ type: 'S', name: 's1' }),
      serialize.sync(),
    );
    expect(names(msgs)).toEqual(['parseComplete', 'parameterDescription', 'rowDescription', 'readyForQuery']);
    expect(msgs[1]!.dataTypeIDs).toEqual([23, 23, 25]);
    expect(msgs[2]!.fields.map((f: { dataTypeID: number }) => f.dataTypeID)).toEqual([23, 25]);
  });

  it('binds text parameters and runs a named statement twice', async () => {
    for (const [a, b, want] of [['1', '2', '3'], ['40', '2', '42']] as const) {
      const msgs = await send(
        serialize.bind({ statement: 's1', values: [a, b, 'x'] }),
        serialize.execute({}),
        serialize.sync(),
      );
      expect(names(msgs)).toEqual(['bindComplete', 'dataRow', 'commandComplete', 'readyForQuery']);
      expect(msgs[1]!.fields).toEqual([want, 'x']);
    }
  });

  it('returns binary results when asked and takes binary parameters', async () => {
    const p = Buffer.alloc(8);
    p.writeBigInt64BE(-5n);
    const b = await RawClient.connect(server.port);
    b.binaryFields();
    b.write(serialize.query('SELECT 1'));
    await b.ready();
    b.write(Buffer.concat([
      serialize.parse({ text: 'SELECT $1::int8 * 2 AS v, true AS b', types: [20] }),
      serialize.bind({ values: [p], binary: true, valueMapper: (v) => v }),
      serialize.describe({ type: 'P', name: '' }),
      serialize.execute({}),
      serialize.sync(),
    ]));
    const msgs = await b.ready();
    b.end();
    expect(names(msgs)).toEqual(['parseComplete', 'bindComplete', 'rowDescription', 'dataRow', 'commandComplete', 'readyForQuery']);
    expect(msgs[2]!.fields.map((f: { format: string }) => f.format)).toEqual(['binary', 'binary']);
    const row = b.dataRowsRaw().at(-1)! as Buffer[];
    expect(Buffer.from(row[0]!).readBigInt64BE()).toBe(-10n);
    expect([...Buffer.from(row[1]!)]).toEqual([1]);
  });

  it('suspends a portal at the row limit and resumes it', async () => {
    const msgs = await send(
      serialize.parse({ text: 'VALUES (1), (2), (3), (4), (5)' }),
      serialize.bind({}),
      serialize.execute({ rows: 2 }),
      serialize.execute({ rows: 2 }),
      serialize.execute({ rows: 2 }),
      serialize.execute({ rows: 2 }),
      serialize.sync(),
    );
    expect(names(msgs)).toEqual([
      'parseComplete', 'bindComplete',
      'dataRow', 'dataRow', 'portalSuspended',
      'dataRow', 'dataRow', 'portalSuspended',
      'dataRow', 'commandComplete',
      'commandComplete', 'readyForQuery',
    ]);
    expect(msgs[9]!.text).toBe('SELECT 1');
    expect(msgs[10]!.text).toBe('SELECT 0');
  });

  it('discards messages after an error until Sync', async () => {
    const msgs = await send(
      serialize.parse({ text: 'SELECT 1/0' }),
      serialize.bind({}),
      serialize.execute({}),
      serialize.parse({ text: 'SELECT 1' }),
      serialize.bind({}),
      serialize.execute({}),
      serialize.sync(),
    );
    // constants are folded when the statement is planned, at Bind, as in PostgreSQL
    expect(names(msgs)).toEqual(['parseComplete', 'error', 'readyForQuery']);
    expect(msgs[1]).toMatchObject({ code: '22012' });
    const after = await send(serialize.parse({ text: 'SELECT 7' }), serialize.bind({}), serialize.execute({}), serialize.sync());
    expect(after[2]!.fields).toEqual(['7']);
  });

  it('reports protocol errors of Parse, Bind and Describe with their SQLSTATEs', async () => {
    const multi = await send(serialize.parse({ text: 'SELECT 1; SELECT 2' }), serialize.sync());
    expect(multi[0]).toMatchObject({ code: '42601', message: 'cannot insert multiple commands into a prepared statement' });
    const count = await send(serialize.bind({ statement: 's1', values: ['1'] }), serialize.sync());
    expect(count[0]).toMatchObject({ code: '08P01', message: 'bind message supplies 1 parameters, but prepared statement "s1" requires 3' });
    const dup = await send(serialize.parse({ name: 's1', text: 'SELECT 1' }), serialize.sync());
    expect(dup[0]).toMatchObject({ code: '42P05', message: 'prepared statement "s1" already exists' });
    const noPortal = await send(serialize.describe({ type: 'P', name: 'nope' }), serialize.sync());
    expect(noPortal[0]).toMatchObject({ code: '34000', message: 'portal "nope" does not exist' });
    const noStmt = await send(serialize.bind({ statement: 'nope' }), serialize.sync());
    expect(noStmt[0]).toMatchObject({ code: '26000', message: 'prepared statement "nope" does not exist' });
    const badParam = await send(serialize.parse({ text: 'SELECT $1::int' }), serialize.bind({ values: ['abc'] }), serialize.sync());
    expect(badParam[1]).toMatchObject({ code: '22P02', message: 'invalid input syntax for type integer: "abc"' });
  });

  it('handles empty statements, NoData, Close and Flush', async () => {
    const msgs = await send(
      serialize.parse({ text: '' }),
      serialize.bind({}),
      serialize.describe({ type: 'S', name: '' }),
      serialize.describe({ type: 'P', name: '' }),
      serialize.execute({}),
      serialize.parse({ text: 'SET extra_float_digits = 2' }),
      serialize.describe({ type: 'S', name: '' }),
      serialize.close({ type: 'S', name: 'nope' }),
      serialize.sync(),
    );
    expect(names(msgs)).toEqual([
      'parseComplete', 'bindComplete', 'parameterDescription', 'noData', 'noData', 'emptyQuery',
      'parseComplete', 'parameterDescription', 'noData', 'closeComplete', 'readyForQuery',
    ]);
    c.write(Buffer.concat([serialize.parse({ text: 'SELECT 1' }), serialize.flush()]));
    const flushed = await c.until((m) => m.name === 'parseComplete');
    expect(names(flushed)).toEqual(['parseComplete']);
    await send(serialize.sync());
    await send(serialize.close({ type: 'S', name: 's1' }), serialize.sync());
    const gone = await send(serialize.describe({ type: 'S', name: 's1' }), serialize.sync());
    expect(gone[0]).toMatchObject({ code: '26000' });
  });

  it('keeps portals inside a transaction block and drops them at its end', async () => {
    await send(serialize.parse({ text: 'BEGIN' }), serialize.bind({}), serialize.execute({}), serialize.sync());
    const open = await send(serialize.parse({ text: 'VALUES (1), (2)' }), serialize.bind({ portal: 'p1' }), serialize.execute({ portal: 'p1', rows: 1 }), serialize.sync());
    expect(open.at(-1)!.status).toBe('T');
    const more = await send(serialize.execute({ portal: 'p1', rows: 1 }), serialize.sync());
    expect(more[0]!.fields).toEqual(['2']);
    c.write(serialize.query('COMMIT'));
    await c.ready();
    const gone = await send(serialize.execute({ portal: 'p1' }), serialize.sync());
    expect(gone[0]).toMatchObject({ code: '34000' });
  });

  it('shares named statements with SQL PREPARE, EXECUTE and DEALLOCATE', async () => {
    const parsed = await send(serialize.parse({ name: 'shared', text: 'SELECT $1::int + 1 AS n' }), serialize.sync());
    expect(names(parsed)).toEqual(['parseComplete', 'readyForQuery']);
    c.write(serialize.query("SELECT name, from_sql, parameter_types::text FROM pg_prepared_statements WHERE name = 'shared'"));
    const listed = await c.ready();
    expect(listed.find((m) => m.name === 'dataRow')!.fields).toEqual(['shared', 'f', '{integer}']);
    c.write(serialize.query('EXECUTE shared(41)'));
    const executed = await c.ready();
    expect(executed.find((m) => m.name === 'dataRow')!.fields).toEqual(['42']);
    // a name Parse took cannot be PREPAREd, and one PREPARE took cannot be Parsed
    c.write(serialize.query('PREPARE shared AS SELECT 1'));
    expect((await c.ready())[0]).toMatchObject({ code: '42P05' });
    c.write(serialize.query('PREPARE from_sql (text) AS SELECT upper($1)'));
    await c.ready();
    const taken = await send(serialize.parse({ name: 'from_sql', text: 'SELECT 1' }), serialize.sync());
    expect(taken[0]).toMatchObject({ code: '42P05' });
    const bound = await send(serialize.bind({ statement: 'from_sql', values: ['abc'] }), serialize.execute({}), serialize.sync());
    expect(bound.find((m) => m.name === 'dataRow')!.fields).toEqual(['ABC']);
    c.write(serialize.query('DEALLOCATE shared'));
    await c.ready();
    const gone = await send(serialize.bind({ statement: 'shared', values: ['1'] }), serialize.sync());
    expect(gone[0]).toMatchObject({ code: '26000' });
    const closed = await send(serialize.close({ type: 'S', name: 'from_sql' }), serialize.sync());
    expect(names(closed)).toEqual(['closeComplete', 'readyForQuery']);
    c.write(serialize.query('EXECUTE from_sql'));
    expect((await c.ready())[0]).toMatchObject({ code: '26000' });
  });
});
