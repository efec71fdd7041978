// Prints a B+tree relation file: the tree drawn node by node (default), every page in file order
// (--pages), or one page with all its keys (a page number). Reads only: nothing is written back.
//   npm run build && node scripts/btree-dump.mjs <file> [page] [--pages] [--check] [--keys N]
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { pages: { type: 'boolean' }, check: { type: 'boolean' }, keys: { type: 'string', default: '8' } },
});
const [path, pageArg] = positionals;
if (!path || !existsSync(path)) {
  console.error('usage: node scripts/btree-dump.mjs <relation file> [page] [--pages] [--check] [--keys N]');
  process.exit(2);
}
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const load = (p) => import(pathToFileURL(join(dist, p)).href);
const { NodeFsEngine } = await load('io/index.js');
const { PageCache } = await load('storage/pagecache.js');
const { PageFile } = await load('storage/pagefile.js');
const { BTree, describePage } = await load('storage/btree/index.js');

const cache = new PageCache(64);
const file = PageFile.open(new NodeFsEngine(), path);
const print = { maxKeys: Number(opts.keys), values: true };
const describe = (p, options) => {
  try {
    const g = cache.pin(file, p);
    try {
      return describePage(g.page, p, options);
    } finally {
      g.release();
    }
  } catch (err) {
    return `page ${p}: ${err.message}`;
  }
};
try {
  if (pageArg !== undefined) {
    console.log(describe(Number(pageArg), { maxKeys: Infinity, maxKeyBytes: 64, values: true }));
  } else if (opts.pages) {
    for (let p = 0; p < file.physicalPages; p++) console.log(describe(p, print));
  } else {
    const tree = BTree.open(cache, file);
    console.log(tree.print(print));
    if (opts.check) console.log(tree.check({ allowLeaks: true }));
  }
} catch (err) {
  console.error(`${err.code ?? ''} ${err.message}`);
  process.exitCode = 1;
} finally {
  cache.dropFile(file);
  file.close();
}
