// The shared conformance cases (../shared/conformance: case files and PostgreSQL 15's recorded
// answers, beside the repository on every development and CI machine) run against a fresh
// Treeline in the simple and the extended protocol, by scripts/conformance/run-cases.mjs; no
// PostgreSQL needed. A ratchet: failing.json names the case files that do not pass yet, each
// with a reason. A file not on it must pass; a file on it that passes must be removed from it,
// so the list only shrinks. Debug one file against a running server with
// `node scripts/conformance/run.mjs URL --filter NAME --all`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DIR, caseFiles, explainFailure, readFailingList, runCases } from '../../scripts/conformance/run-cases.mjs';
import { startTestServer, type TestServer } from '../helpers/server.js';

type FileResult = Awaited<ReturnType<typeof runCases>>[number];

const files = caseFiles();
const failing = readFailingList() as Record<string, string>;
// A clone without ../shared beside it (outside the team's machines) skips these tests; CI has it.
const skip = files.length === 0 && !process.env.CI;

describe.skipIf(skip)('conformance cases of ../shared/conformance', () => {
  let server: TestServer;
  const results = new Map<string, FileResult>();

  beforeAll(async () => {
    if (files.length === 0) return;
    server = await startTestServer();
    const url = `postgres://postgres@127.0.0.1:${server.port}/postgres`;
    // One file at a time: in one process with the server, more barely helps (about 4 s in all).
    for (const r of await runCases({ url, jobs: 1 })) results.set(r.file, r);
  }, 15 * 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('finds the case files', () => {
    expect(files.length, `no case files in ${SHARED_DIR}/cases`).toBeGreaterThan(0);
  });

  it('lists only existing case files in failing.json, each with a reason', () => {
    const unknown = Object.keys(failing).filter((f) => !files.includes(f));
    expect(unknown, 'failing.json names case files that no longer exist: remove them').toEqual([]);
    const unexplained = Object.entries(failing).filter(([, why]) => typeof why !== 'string' || why.trim() === '').map(([f]) => f);
    expect(unexplained, 'failing.json entries need a one-line reason').toEqual([]);
  });

  it.each(files)('%s', (file) => {
    const r = results.get(file);
    if (!r) throw new Error(`${file} did not run`);
    if (file in failing) {
      if (r.passed) throw new Error(`${file} passes now: remove it from test/conformance/failing.json (the list only shrinks)`);
    } else if (!r.passed) {
      throw new Error(`${file} differs from PostgreSQL 15 and is not on test/conformance/failing.json:\n${explainFailure(r)}`);
    }
  });
});
