// `treeline check --data-dir D`: verifies a stopped data directory. It reads every page of every
// relation file and checks its checksum; opens every SSTable the MANIFEST lists and reads every
// block (checksums, order); then opens the cluster as a start would (recovery, if the server did
// not stop cleanly, without repairing anything) and compares each relation's rows with the
// mirror's. Nothing is rebuilt: damage is reported (a normal start repairs pages from the mirror).
// Invariant: takes the data directory's lock, so it never runs beside a server on the same one.
import { closeSync, existsSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster } from '../cluster.js';
import { createIoEngine } from '../io/index.js';
import type { Logger } from '../log.js';
import { compareWithMirror, type RelationComparison } from '../lsm/mirror-check.js';
import { LSM_DIR, sstableName } from '../lsm/mirror.js';
import { Manifest } from '../lsm/manifest.js';
import { SstableReader } from '../lsm/sstable-reader.js';
import { openDataDir } from '../storage/data-dir.js';
import { PAGE_SIZE, verifyPage } from '../storage/page.js';
import { PageCache } from '../storage/pagecache.js';

export interface CheckReport {
  relationFiles: number;
  pages: number;
  badPages: { file: string; page: number }[];
  sstables: number;
  sstableEntries: number;
  badSstables: { file: string; error: string }[];
  /** Why the cluster could not be opened to compare rows (then `relations` is empty). */
  openError?: string;
  relations: RelationComparison[];
  /** Every problem found, one line each (empty: the directory is sound). */
  problems: string[];
}

/** Reads every page of every relation file, checking checksums. */
function checkPages(dataDir: string, report: CheckReport): void {
  const base = join(dataDir, 'base');
  if (!existsSync(base)) return;
  const page = Buffer.alloc(PAGE_SIZE);
  for (const db of readdirSync(base).filter((n) => /^\d+$/.test(n))) {
    for (const name of readdirSync(join(base, db)).filter((n) => /^\d+$/.test(n))) {
      const file = `base/${db}/${name}`;
      report.relationFiles++;
      const fd = openSync(join(dataDir, file), 'r');
      try {
        for (let pageNo = 0; ; pageNo++) {
          const n = readSync(fd, page, 0, PAGE_SIZE, pageNo * PAGE_SIZE);
          if (n === 0) break;
          page.fill(0, n);
          report.pages++;
          if (!verifyPage(page, pageNo)) report.badPages.push({ file, page: pageNo });
        }
      } finally {
        closeSync(fd);
      }
    }
  }
}

/** Opens every live SSTable and reads all of its entries. */
async function checkSstables(dataDir: string, report: CheckReport, log: Logger): Promise<void> {
  const dir = join(dataDir, LSM_DIR);
  if (!existsSync(join(dir, 'MANIFEST'))) return;
  const engine = createIoEngine('sync');
  const manifest = Manifest.open(engine, dir, { createIfMissing: false, onTornTail: (m) => log.warn(m) });
  try {
    for (const f of manifest.current.levels.flat()) {
      const file = `${LSM_DIR}/${sstableName(f.id)}`;
      report.sstables++;
      try {
        const reader = await SstableReader.open(engine, join(dataDir, file));
        try {
          const c = reader.cursor();
          for (; c.valid(); c.next()) report.sstableEntries++;
          c.close();
        } finally {
          reader.close();
        }
      } catch (err) {
        report.badSstables.push({ file, error: (err as Error).message });
      }
    }
  } finally {
    await manifest.close();
  }
}

export async function checkDataDir(path: string, log: Logger): Promise<CheckReport> {
  if (!existsSync(join(path, 'TREELINE_VERSION'))) throw new Error(`"${path}" is not a Treeline data directory`);
  const dataDir = openDataDir(path);
  const report: CheckReport = { relationFiles: 0, pages: 0, badPages: [], sstables: 0, sstableEntries: 0, badSstables: [], relations: [], problems: [] };
  try {
    checkPages(dataDir.path, report);
    await checkSstables(dataDir.path, report, log);
    if (report.badSstables.length === 0) {
      let cluster: Cluster | null = null;
      try {
        cluster = await Cluster.open(createIoEngine('sync'), dataDir.path, PageCache.ofMiB(64), log, { checkpointInterval: 0, repair: false });
        if (cluster.mirror) report.relations = compareWithMirror(cluster.mirror, cluster.catalog, cluster.relations);
      } catch (err) {
        report.openError = (err as Error).message;
      } finally {
        await cluster?.close();
      }
    }
  } finally {
    dataDir.release();
  }
  for (const p of report.badPages) report.problems.push(`${p.file}: page ${p.page} fails its checksum`);
  for (const s of report.badSstables) report.problems.push(`${s.file}: ${s.error}`);
  if (report.openError) report.problems.push(`could not open the cluster to compare rows: ${report.openError}`);
  for (const r of report.relations) {
    const where = `${r.database}.${r.name} (base/${r.dbOid}/${r.relfilenode})`;
    if (!r.mirrored) report.problems.push(`${where}: not in the mirror`);
    else if (r.unreadable) report.problems.push(`${where}: ${r.unreadable}`);
    else if (r.treeRows !== r.mirrorRows || r.differences > 0) {
      report.problems.push(`${where}: ${r.treeRows} row(s) in the table, ${r.mirrorRows} in the mirror, ${r.differences} differing`);
    }
  }
  return report;
}

/** The report as the command prints it. */
export function formatCheckReport(report: CheckReport): string {
  const lines = [
    `pages: ${report.pages} page(s) in ${report.relationFiles} relation file(s), ${report.badPages.length} failing their checksum`,
    `sstables: ${report.sstables} file(s), ${report.sstableEntries} entries read, ${report.badSstables.length} damaged`,
  ];
  for (const r of report.relations) {
    const state = !r.mirrored ? 'not mirrored' : r.unreadable ? 'unreadable' : r.treeRows === r.mirrorRows && r.differences === 0 ? 'ok' : 'MISMATCH';
    lines.push(`relation ${r.database}.${r.name} (base/${r.dbOid}/${r.relfilenode}): ${r.treeRows} row(s) in the table, ${r.mirrorRows} in the mirror: ${state}`);
  }
  for (const p of report.problems) lines.push(`problem: ${p}`);
  lines.push(report.problems.length === 0 ? 'check: ok' : `check: ${report.problems.length} problem(s)`);
  return lines.join('\n');
}
