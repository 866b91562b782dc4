/**
 * Import jobs against a real server: the 151k-row file built in a worker with its progress read
 * meanwhile, an update by key's phases as the page reads them, failures said in words, and jobs
 * kept to their owner. Cancels and kills mid-way: importJobInterrupted.test.ts.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetDetails, DatasetSummary } from "../../shared/api/datasets.ts";
import type { ImportJob } from "../../shared/api/importJobs.ts";
import { dataFile } from "../import/testing/data.ts";
import { call, follow, generated, jobOf, json, liveRows, uploadFile } from "../test/importApi.ts";
import { importHolds } from "../test/importHolds.ts";
import { createUserSession, startTestServer, type TestServer, tempDataDir, waitFor } from "../test/testServer.ts";

describe("import jobs", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let cookie: string;
  let strangerCookie: string;
  const api = (route: string, init: RequestInit = {}, as = cookie) => call(server, as, route, init);
  const holds = importHolds();
  /** A dataset imported from `csv` (its column "code" is the key of updates). */
  const codesDataset = async (csv: string) => {
    const preview = await uploadFile(server, cookie, csv, "codes.csv");
    const created = await json<DatasetSummary>(
      await api(`/api/imports/${preview.uploadId}/dataset`, { method: "POST", body: JSON.stringify({ title: "C" }) }),
    );
    const details = await json<DatasetDetails>(await api(`/api/datasets/${created.id}`));
    const keyColumnId = details.columns.find((c) => c.name === "code")?.id as string;
    return { id: created.id, documentName: created.documentName, keyColumnId };
  };

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir, {}, { importHold: holds.hold });
    ({ cookie } = await createUserSession(data.dir));
    ({ cookie: strangerCookie } = await createUserSession(data.dir));
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  it("imports the 151k-row file in a worker, with its progress readable meanwhile", async () => {
    const file = "large/bureaux-de-vote-val-de-marne.csv";
    const preview = await uploadFile(server, cookie, dataFile(file), path.basename(file));
    expect(preview.rowCount).toBe(151_268);
    const started = await api(`/api/imports/${preview.uploadId}/jobs`, {
      method: "POST",
      body: JSON.stringify({ title: "Bureaux de vote" }),
    });
    expect(started.status).toBe(202);
    const job = await json<ImportJob>(started);
    expect(job).toMatchObject({ kind: "create", fileName: "bureaux-de-vote-val-de-marne.csv", datasetId: null });
    expect(["queued", "reading"]).toContain(job.state);
    // Someone else may not read it, nor cancel it.
    expect((await api(`/api/import-jobs/${job.id}`, {}, strangerCookie)).status).toBe(404);
    expect(
      (await api(`/api/import-jobs/${job.id}/cancel`, { method: "POST", body: "{}" }, strangerCookie)).status,
    ).toBe(404);

    const seen: ImportJob[] = [];
    let answeredMeanwhile = false;
    const ended = await waitFor(async () => {
      const current = await jobOf(server, cookie, job.id);
      seen.push(current);
      // The server answers other requests while the file is read and built.
      if (!["done", "failed", "cancelled"].includes(current.state))
        answeredMeanwhile ||= (await fetch(`${server.url}/api/health`)).ok;
      if (!["done", "failed", "cancelled"].includes(current.state)) throw new Error(`still ${current.state}`);
      return current;
    }, 300_000);
    expect(ended.error).toBeNull();
    expect(ended.state).toBe("done");
    expect(answeredMeanwhile).toBe(true);
    const states = [...new Set(seen.map((j) => j.state))];
    expect(states.at(-1)).toBe("done");
    // Rows were counted on the way: some report of rows done short of the total.
    expect(seen.some((j) => j.progress.unit === "rows" && j.progress.done !== null && j.progress.done < 151_268)).toBe(
      true,
    );
    expect(ended.progress).toEqual({ unit: "rows", done: 151_268, total: 151_268 });

    const dataset = await json<DatasetDetails>(await api(`/api/datasets/${ended.datasetId}`));
    expect(dataset.title).toBe("Bureaux de vote");
    expect(dataset.columns.map((c) => c.name)).toEqual(preview.columns.map((c) => c.name));
    const { rows } = await json<{ rows: unknown[] }>(await api(`/api/datasets/${ended.datasetId}/rows`));
    expect(rows).toHaveLength(151_268);
  }, 600_000);

  it("a large file that cannot be read is refused in words from the preview's worker", async () => {
    const garbage = Buffer.from(Array.from({ length: 2 * 1024 * 1024 }, (_, i) => (i * 7919 + 1) % 256));
    const response = await call(server, cookie, "/api/imports?fileName=data.csv", {
      method: "POST",
      body: garbage,
      headers: { "content-type": "application/octet-stream" },
    });
    expect(response.status).toBe(422);
    expect((await json<{ error: string; message: string }>(response)).error).toBe("invalid-file");
  });

  it("a value too long is refused naming its line and column, before any job", async () => {
    const response = await call(server, cookie, "/api/imports?fileName=long.csv", {
      method: "POST",
      body: `a,b\n1,2\n3,${"x".repeat(40_000)}\n`,
      headers: { "content-type": "application/octet-stream" },
    });
    expect(response.status).toBe(422);
    expect((await json<{ message: string }>(response)).message).toMatch(
      /^Line 3, column 2: a cell of 40000 characters/,
    );
  });

  it("an update by key says each phase as the page reads it: reading the file, comparing its rows, writing its changes", async () => {
    const { id, documentName, keyColumnId } = await codesDataset(generated(3_000));
    // The second version: other values for rows 100 to 2,999, 500 rows more, rows 0 to 99 gone.
    const file = `code;nom;ville;valeur\n${generated(3_500, (i) => i * 7)
      .split("\n")
      .slice(101)
      .join("\n")}`;
    const next = await uploadFile(server, cookie, file, "codes.csv");
    const phases = (["reading", "building", "writing"] as const).map((state) => holds.at("update", state));
    const job = await json<ImportJob>(
      await api(`/api/datasets/${id}/import/jobs`, {
        method: "POST",
        body: JSON.stringify({ uploadId: next.uploadId, keyColumnId, deleteMissing: true }),
      }),
    );
    expect(job).toMatchObject({ kind: "update", datasetId: id });
    const seen: Pick<ImportJob, "state" | "progress">[] = [];
    for (const phase of phases) {
      await phase.reached;
      const { state, progress } = await jobOf(server, cookie, job.id);
      seen.push({ state, progress });
      phase.release();
    }
    const done = await follow(server, cookie, job.id);
    expect([...seen, { state: done.state, progress: done.progress }]).toEqual([
      { state: "reading", progress: { unit: "bytes", done: null, total: Buffer.byteLength(file) } },
      { state: "building", progress: { unit: "rows", done: 0, total: 3_400 } },
      { state: "writing", progress: { unit: "changes", done: 0, total: 2_900 + 500 + 100 } },
      { state: "done", progress: { unit: "changes", done: 3_500, total: 3_500 } },
    ]);
    expect(await liveRows(server, cookie, documentName)).toHaveLength(3_400);
  }, 120_000);

  it("an update by key that fails says the line and writes nothing; a stranger may not start one", async () => {
    const original = "code;nom\nA;Un\nB;Deux\n";
    const { id, documentName, keyColumnId } = await codesDataset(original);
    const rowsBefore = await liveRows(server, cookie, documentName);
    const repeated = await uploadFile(server, cookie, "code;nom\nA;Un\nC;Trois\nA;Encore\n", "codes.csv");
    const failing = await json<ImportJob>(
      await api(`/api/datasets/${id}/import/jobs`, {
        method: "POST",
        body: JSON.stringify({ uploadId: repeated.uploadId, keyColumnId }),
      }),
    );
    const failed = await follow(server, cookie, failing.id);
    expect(failed.state).toBe("failed");
    expect(failed.error).toBe('The key "A" is on lines 2 and 4 of the file.');
    expect(failed.errorCode).toBe("duplicate-key");
    // Stored with the values it names, for the page to say it in its reader's language.
    expect(failed.errorParams).toEqual({ context: "file", key: "A", first: 2, line: 4 });
    expect(await liveRows(server, cookie, documentName)).toEqual(rowsBefore);
    // A stranger may not start one on this dataset.
    const theirs = await uploadFile(server, strangerCookie, original, "codes.csv");
    const refused = await api(
      `/api/datasets/${id}/import/jobs`,
      { method: "POST", body: JSON.stringify({ uploadId: theirs.uploadId, keyColumnId }) },
      strangerCookie,
    );
    expect(refused.status).toBe(404);
  }, 300_000);
});
