// A pg client of a test server (user postgres, database postgres), for the durability tests.
// Errors the connection raises outside a query (the server is abandoned or killed under it)
// are ignored: the queries in flight reject, which is what the tests look at.
import pg from 'pg';

export async function connect(port: number): Promise<pg.Client> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  c.on('error', () => {});
  await c.connect();
  return c;
}
