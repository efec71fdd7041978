// Builds the io_uring addon (native/build/Release/treeline_uring.node) during `npm install`.
// node-gyp compiles against node's own headers when they are installed next to the node binary
// (no download), else against the headers node-gyp fetches. Never fails the install: off Linux
// or without a C++ compiler the addon is missing and `--io auto` falls back to node:fs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeDir = path.dirname(fileURLToPath(import.meta.url));

function nodeGypCommand() {
  // npm hands lifecycle scripts the path of its bundled node-gyp; run directly, look for the
  // node-gyp of the npm installed next to node, else use the PATH.
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const candidates = [process.env.npm_config_node_gyp, path.join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
  const script = candidates.find((candidate) => candidate && existsSync(candidate));
  return script ? [process.execPath, [script]] : ['node-gyp', []];
}

function localHeaders() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const headers = path.join(prefix, 'include', 'node');
  return existsSync(path.join(headers, 'node_api.h')) && existsSync(path.join(headers, 'common.gypi')) ? [`--nodedir=${prefix}`] : [];
}

if (process.platform !== 'linux') {
  console.log('treeline: io_uring needs Linux; skipping the native addon (the node:fs I/O engine will be used)');
  process.exit(0);
}
const [command, prefixArgs] = nodeGypCommand();
const result = spawnSync(command, [...prefixArgs, 'rebuild', ...localHeaders()], { cwd: nativeDir, stdio: 'inherit' });
if (result.status !== 0) {
  const why = result.error ? result.error.message : `node-gyp exited with ${result.status ?? result.signal}`;
  console.warn(`treeline: could not build the io_uring addon (${why}); the node:fs I/O engine will be used.`);
  console.warn('treeline: install a C++ compiler, python3 and make, then run `npm rebuild treeline` (or `npm run build:native`).');
}
