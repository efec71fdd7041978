// The wire between a worker thread and the main thread when the worker uses the main thread's
// I/O engine (engine-host.ts serves it, remote-engine.ts calls it): request and reply shapes,
// errors carried across (DbError and IoError keep their class and fields), and the worker's
// synchronous call.
// A synchronous call posts its request on the request port, then blocks the worker in
// Atomics.wait until the host has posted the reply on the reply port (read with
// receiveMessageOnPort) and raised the flag. Asynchronous calls get their replies, by id, on the
// request port.
// Invariant: at most one synchronous call is outstanding per worker (the worker is blocked in it).
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { DbError, SqlState } from '../errors.js';
import { IoError } from './engine.js';

/** Worker → host. `sync`: answered on the reply port, with the flag raised. */
export interface BridgeRequest {
  id: number;
  sync: boolean;
  op: string;
  args: unknown[];
}

/** Host → worker: the result of request `id`, or its error. */
export interface BridgeReply {
  id: number;
  result?: unknown;
  error?: CarriedError;
}

/** An error as it crosses threads. */
export interface CarriedError {
  kind: 'db' | 'io' | 'other';
  message: string;
  stack?: string;
  /** DbError: SQLSTATE and its other fields; IoError: operation, path, errno code. */
  fields?: Record<string, unknown>;
}

/** What the worker receives at start (workerData.bridge). */
export interface BridgePorts {
  requests: MessagePort;
  replies: MessagePort;
  /** One Int32 over a SharedArrayBuffer: 0 while a synchronous call waits, 1 once answered. */
  flag: Int32Array;
  /** The host engine's name (RemoteEngine.name). */
  engineName: string;
}

export function carryError(err: unknown): CarriedError {
  if (err instanceof DbError) {
    const { message, stack, ...fields } = { ...err, message: err.message, stack: err.stack };
    delete (fields as { name?: string }).name;
    return { kind: 'db', message, stack, fields };
  }
  if (err instanceof IoError) return { kind: 'io', message: err.message, stack: err.stack, fields: { operation: err.operation, path: err.path, code: err.code } };
  if (err instanceof Error) return { kind: 'other', message: err.message, stack: err.stack };
  return { kind: 'other', message: String(err) };
}

/** The error again, on this side: a DbError or IoError where it was one. */
export function reviveError(carried: CarriedError): Error {
  let err: Error;
  const f = carried.fields ?? {};
  if (carried.kind === 'db') {
    const { code, ...rest } = f;
    err = new DbError((code as string | undefined) ?? SqlState.InternalError, carried.message, rest);
  } else if (carried.kind === 'io') {
    err = new IoError(String(f.operation), String(f.path), String(f.code), carried.message);
  } else {
    err = new Error(carried.message);
  }
  if (carried.stack !== undefined) err.stack = carried.stack;
  return err;
}

/** A Uint8Array that crossed threads (structured clone drops the Buffer class), as a Buffer. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The worker's side of synchronous calls. */
export class SyncCaller {
  constructor(private readonly ports: BridgePorts) {}

  /** Runs `op` on the host and returns its result (throws its error); blocks this thread meanwhile. */
  call(op: string, ...args: unknown[]): unknown {
    const { requests, replies, flag } = this.ports;
    Atomics.store(flag, 0, 0);
    requests.postMessage({ id: 0, sync: true, op, args } satisfies BridgeRequest);
    while (Atomics.load(flag, 0) === 0) Atomics.wait(flag, 0, 0);
    const received = receiveMessageOnPort(replies);
    if (received === undefined) throw new DbError(SqlState.InternalError, `thread bridge: no reply to "${op}"`);
    const reply = received.message as BridgeReply;
    if (reply.error !== undefined) throw reviveError(reply.error);
    return reply.result;
  }
}
