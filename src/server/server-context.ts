// What a connection needs from the server it belongs to: configuration, the registry of
// live backends (for max_connections and CancelRequest), the databases that exist, logging.
import type { AuthConfig } from './auth.js';
import type { Logger } from '../log.js';
import type { Cluster } from '../cluster.js';

export interface BackendHandle {
  readonly pid: number;
  readonly secret: number;
  /** Cancels the backend's running statement (CancelRequest). */
  cancel(): void;
}

export interface ServerContext {
  readonly auth: AuthConfig;
  readonly log: Logger;
  /** Settings the server fixes for every session (port, data_directory, max_connections...). */
  readonly serverSettings: ReadonlyMap<string, string>;
  /** Largest accepted message, bytes. */
  readonly maxMessageSize: number;
  /** Reserves a backend slot; null when max_connections is reached. */
  registerBackend(cancel: () => void): BackendHandle | null;
  unregisterBackend(handle: BackendHandle): void;
  /** A CancelRequest: cancels the matching backend's statement, if pid and secret match. */
  cancelBackend(pid: number, secret: number): void;
  /** A database by name: its OID, whether it accepts connections; null when it does not exist. */
  database(name: string): { oid: number; allowConnections: boolean } | null;
  /** The cluster's shared catalog and storage. */
  readonly cluster: Cluster;
  /** Whether a role exists. */
  roleExists(name: string): boolean;
}
