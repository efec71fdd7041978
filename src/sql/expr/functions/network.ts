// inet comparisons (PostgreSQL's network_eq, network_lt, ..., network_cmp, network_larger /
// network_smaller, by network_cmp's order) and the connection address functions. The session
// does not know its client's address, so inet_client_addr(), inet_client_port(),
// inet_server_addr() and inet_server_port() give NULL, as PostgreSQL does for a connection
// over a Unix-domain socket.
import { compareInet } from '../../types/inet.js';
import type { FunctionTable } from './registry.js';

const cmp = (a: unknown[]) => compareInet(a[0] as string, a[1] as string);

export const networkFunctions: FunctionTable = {
  network_eq: (a) => cmp(a) === 0,
  network_ne: (a) => cmp(a) !== 0,
  network_lt: (a) => cmp(a) < 0,
  network_le: (a) => cmp(a) <= 0,
  network_gt: (a) => cmp(a) > 0,
  network_ge: (a) => cmp(a) >= 0,
  network_cmp: (a) => Math.sign(cmp(a)),
  network_larger: (a) => (cmp(a) > 0 ? a[0]! : a[1]!),
  network_smaller: (a) => (cmp(a) < 0 ? a[0]! : a[1]!),
  inet_client_addr: () => null,
  inet_client_port: () => null,
  inet_server_addr: () => null,
  inet_server_port: () => null,
};
