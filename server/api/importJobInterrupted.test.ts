/**
 * Imports stopped half-way leave nothing half-made: a job cancelled, or the server closed or
 * killed under it, at a known point of its work (held there by importHolds.ts, so nothing races
 * its worker).
 * A new dataset's import leaves no dataset, no document, nothing listed; an update by key leaves
 * the dataset's rows, cells and row ids as they were; after a stop or a kill, the next start says
 * the job failed.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetDetails, DatasetSummary } from "../../shared/api/datasets.ts";
import type { ImportJob } from "../../shared/api/importJobs.ts";
import { JOBS_PER_PERSON } from "../import/importJobs.ts";
import { openSqliteStorage } from "../storage/sqlite.ts";
import {
  call,
  cancelJob,
  follow,
  generated,
  jobOf,
  json,
  liveRows,
  storedDocumentNames,
  uploadFile,
} from "../test/importApi.ts";
import { importHolds } from "../test/importHolds.ts";
import {
  createUserSession,
  HELD_IMPORT_SERVER_MAIN,
  startServerProcess,
  startTestServer,
  type TestServer,
  tempDataDir,
  waitFor,
} from "../test/testServer.ts";

type Base = { url: string };

/** Stops a server process still running (a test that failed half-way leaves none behind). */
async function stopProcess(server: Awaited<ReturnType<typeof startServerProcess>>) {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGTERM");
  await server.exited;
}

const startJob = async (server: Base, cookie: string, uploadId: string, title: string) => {
  const response = await call(server, cookie, `/api/imports/${uploadId}/jobs`, {
    method: "POST",
    body: JSON.stringify({ title }),
  });
  if (response.status !== 202) throw new Error(`job refused: ${response.status} ${await response.text()}`);
  return json<ImportJob>(response);
};

const startUpdate = (server: Base, cookie: string, datasetId: string, body: object) =>
  call(server, cookie, `/api/datasets/${datasetId}/import/jobs`, { method: "POST", body: JSON.stringify(body) });

/** A dataset made by the synchronous import route, and its key column. */
async function importedDataset(server: Base, cookie: string, csv: string) {
  const preview = await uploadFile(server, cookie, csv, "codes.csv");
  const response = await call(server, cookie, `/api/imports/${preview.uploadId}/dataset`, {
    method: "POST",
    body: JSON.stringify({ title: "Codes" }),
  });
  if (response.status !== 201) throw new Error(`import failed: ${response.status} ${await response.text()}`);
  const dataset = await json<DatasetSummary>(response);
  const details = await json<DatasetDetails>(await call(server, cookie, `/api/datasets/${dataset.id}`));
  const keyColumnId = details.columns.find((c) => c.name === "code")?.id as string;
  return { dataset, keyColumnId };
}

/** The second version of `generated(3_000)`: other values, 500 rows more, the first 100 gone. */
const secondVersion = () =>
  `code;nom;ville;valeur\n${generated(3_500, (i) => i * 7)
    .split("\n")
    .slice(101)
    .join("\n")}`;

describe("import jobs cancelled mid-way", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let cookie: string;
  const holds = importHolds();
  const datasetIds = async () =>
    (await json<{ datasets: DatasetSummary[] }>(await call(server, cookie, "/api/datasets"))).datasets
      .map((d) => d.id)
      .sort();
  const storedDatasetIds = async () => {
    const storage = openSqliteStorage(path.join(data.dir, "data-patch.sqlite"));
    try {
      return (await storage.datasets.list()).map((d) => d.id).sort();
    } finally {
      storage.close();
    }
  };
  const underway = async () =>
    (await json<{ jobs: ImportJob[] }>(await call(server, cookie, "/api/import-jobs"))).jobs.map((j) => j.id);

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir, {}, { importHold: holds.hold });
    ({ cookie } = await createUserSession(data.dir));
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  it("a new dataset's import cancelled while its rows are built leaves no dataset, no document, nothing listed", async () => {
    const listedBefore = await datasetIds();
    const storedBefore = await storedDatasetIds();
    const documentsBefore = storedDocumentNames(data.dir);
    const preview = await uploadFile(server, cookie, generated(5_000), "lieux.csv");
    const held = holds.at("create", "building");
    const job = await startJob(server, cookie, preview.uploadId, "Lieux");
    expect((await held.reached).progress).toEqual({ unit: "rows", done: 0, total: 5_000 });
    expect(await jobOf(server, cookie, job.id)).toMatchObject({ state: "building", datasetId: null });
    expect(await underway()).toEqual([job.id]);

    const cancelled = await cancelJob(server, cookie, job.id);
    held.release();
    expect(cancelled).toMatchObject({ state: "cancelled", datasetId: null, error: null });
    expect(await jobOf(server, cookie, job.id)).toMatchObject({ state: "cancelled", datasetId: null });
    expect(await underway()).toEqual([]);
    expect(await datasetIds()).toEqual(listedBefore);
    expect(await storedDatasetIds()).toEqual(storedBefore);
    expect(storedDocumentNames(data.dir)).toEqual(documentsBefore);

    // The same upload imported again, to its end, makes exactly one dataset: the cancelled one never comes.
    const again = await startJob(server, cookie, preview.uploadId, "Lieux");
    const done = await follow(server, cookie, again.id);
    expect(done.state).toBe("done");
    expect(await datasetIds()).toEqual([...listedBefore, done.datasetId].sort());
    expect(await storedDatasetIds()).toEqual([...storedBefore, done.datasetId].sort());
  }, 120_000);

  it("a job cancelled twice at once is cancelled once: the person may still run as many jobs as before", async () => {
    const preview = await uploadFile(server, cookie, generated(200), "lieux.csv");
    const held = holds.at("create", "reading");
    const job = await startJob(server, cookie, preview.uploadId, "Deux fois");
    await held.reached;
    const answers = await Promise.all([cancelJob(server, cookie, job.id), cancelJob(server, cookie, job.id)]);
    held.release();
    expect(answers.map((a) => a.state)).toEqual(["cancelled", "cancelled"]);

    // Two jobs under way at most (the first held, the second queued behind it); a third is refused.
    const first = holds.at("create", "reading");
    const running = [
      await startJob(server, cookie, preview.uploadId, "Un"),
      await startJob(server, cookie, preview.uploadId, "Deux"),
    ];
    await first.reached;
    const third = await call(server, cookie, `/api/imports/${preview.uploadId}/jobs`, {
      method: "POST",
      body: JSON.stringify({ title: "Trois" }),
    });
    expect(running).toHaveLength(JOBS_PER_PERSON);
    expect(third.status).toBe(429);
    // The queued one first: cancelling the held one first would start the other.
    for (const { id } of running.reverse()) expect((await cancelJob(server, cookie, id)).state).toBe("cancelled");
    first.release();
  }, 60_000);

  for (const [state, when] of [
    ["building", "while comparing the file with the dataset"],
    ["writing", "just before writing its changes"],
  ] as const)
    it(`an update by key cancelled ${when} leaves the dataset exactly as it was`, async () => {
      const { dataset, keyColumnId } = await importedDataset(server, cookie, generated(3_000));
      const before = await liveRows(server, cookie, dataset.documentName);
      expect(before).toHaveLength(3_000);
      const documentsBefore = storedDocumentNames(data.dir);
      const next = await uploadFile(server, cookie, secondVersion(), "codes.csv");
      const body = { uploadId: next.uploadId, keyColumnId, deleteMissing: true };

      const held = holds.at("update", state);
      const started = await startUpdate(server, cookie, dataset.id, body);
      expect(started.status).toBe(202);
      const job = await json<ImportJob>(started);
      const at = await held.reached;
      // Held at the start of its phase: no row compared yet, or none of its changes written
      // (2,900 cells, 500 rows added, 100 deleted).
      expect(at.progress).toEqual(
        state === "building"
          ? { unit: "rows", done: 0, total: 3_400 }
          : { unit: "changes", done: 0, total: 2_900 + 500 + 100 },
      );
      const cancelled = await cancelJob(server, cookie, job.id);
      held.release();
      expect(cancelled.state).toBe("cancelled");
      expect((await jobOf(server, cookie, job.id)).state).toBe("cancelled");
      expect(await liveRows(server, cookie, dataset.documentName)).toEqual(before);
      expect(storedDocumentNames(data.dir)).toEqual(documentsBefore);

      // The same update let through changes the dataset (what the cancel prevented), keeping row ids.
      const done = await follow(
        server,
        cookie,
        (await json<ImportJob>(await startUpdate(server, cookie, dataset.id, body))).id,
      );
      expect(done.state).toBe("done");
      const after = await liveRows(server, cookie, dataset.documentName);
      expect(after).toHaveLength(3_400);
      const kept = before.slice(100);
      expect(after.slice(0, 2_900).map((r) => r.id)).toEqual(kept.map((r) => r.id));
      expect(after[0]?.cells).not.toEqual(kept[0]?.cells);
    }, 120_000);
});

describe("import jobs across a server stop or kill", () => {
  it("a server closed while an update is written into the dataset finishes it first: started again, the job is done", async () => {
    const data = tempDataDir();
    const holds = importHolds();
    let server = await startTestServer(data.dir, {}, { importHold: holds.hold });
    try {
      const { cookie } = await createUserSession(data.dir);
      const { dataset, keyColumnId } = await importedDataset(server, cookie, generated(3_000));
      const next = await uploadFile(server, cookie, secondVersion(), "codes.csv");
      const held = holds.beforeWrite("update");
      const job = await json<ImportJob>(
        await startUpdate(server, cookie, dataset.id, { uploadId: next.uploadId, keyColumnId, deleteMissing: true }),
      );
      await held.reached;
      const closing = server.close();
      held.release();
      await closing;

      server = await startTestServer(data.dir);
      expect(await jobOf(server, cookie, job.id)).toMatchObject({ state: "done", error: null, errorCode: null });
      expect(await liveRows(server, cookie, dataset.documentName)).toHaveLength(3_400);
    } finally {
      await server.close();
      data.remove();
    }
  }, 120_000);

  it("an update by key whose server is closed while comparing: started again, it failed, and the dataset is as it was", async () => {
    const data = tempDataDir();
    const holds = importHolds();
    let server = await startTestServer(data.dir, {}, { importHold: holds.hold });
    try {
      const { cookie } = await createUserSession(data.dir);
      const { dataset, keyColumnId } = await importedDataset(server, cookie, generated(3_000));
      const before = await liveRows(server, cookie, dataset.documentName);
      const next = await uploadFile(server, cookie, secondVersion(), "codes.csv");
      const held = holds.at("update", "building");
      const started = await startUpdate(server, cookie, dataset.id, {
        uploadId: next.uploadId,
        keyColumnId,
        deleteMissing: true,
      });
      const job = await json<ImportJob>(started);
      await held.reached;
      // Closed with the job under way (and never let go): the close does not wait for it.
      await server.close();

      server = await startTestServer(data.dir);
      expect(await jobOf(server, cookie, job.id)).toMatchObject({
        state: "failed",
        error: "The server stopped during this import, and nothing was imported: import the file again.",
        errorCode: "interrupted",
      });
      expect(await liveRows(server, cookie, dataset.documentName)).toEqual(before);
    } finally {
      await server.close();
      data.remove();
    }
  }, 120_000);

  it("a new dataset's import killed while its rows are built: at the next start it failed, and nothing of it is left", async () => {
    const data = tempDataDir();
    let server = await startServerProcess(data.dir, { IMPORT_HOLD_AT: "create:building" }, HELD_IMPORT_SERVER_MAIN);
    try {
      const { cookie, user } = await createUserSession(data.dir);
      const preview = await uploadFile(server, cookie, generated(5_000), "lieux.csv");
      const job = await startJob(server, cookie, preview.uploadId, "Lieux");
      // Held there until the kill.
      await waitFor(async () => expect((await jobOf(server, cookie, job.id)).state).toBe("building"));
      server.child.kill("SIGKILL");
      await server.exited;

      // A job whose dataset was being stored when the server died, written here as it would be left.
      const storage = openSqliteStorage(path.join(data.dir, "data-patch.sqlite"));
      const halfMade = "halfmade0001";
      const at = new Date().toISOString();
      await storage.datasets.create(
        {
          id: halfMade as never,
          title: "Half",
          description: "",
          epoch: 0,
          workspaceId: null,
          openness: "private",
          createdAt: at,
          updatedAt: at,
        },
        new Uint8Array([0, 0]),
        `dataset.${halfMade}.0`,
      );
      await storage.importJobs.create({
        id: "writingjob000001",
        ownerId: user.id,
        kind: "create",
        state: "writing",
        fileName: "half.csv",
        progress: { unit: "rows", done: 10, total: 10 },
        datasetId: halfMade,
        error: null,
        errorCode: null,
        createdAt: at,
        updatedAt: at,
      });
      storage.close();

      server = await startServerProcess(data.dir);
      expect(await jobOf(server, cookie, job.id)).toMatchObject({
        state: "failed",
        datasetId: null,
        error: "The server stopped during this import, and nothing was imported: import the file again.",
        errorCode: "interrupted",
      });
      expect((await jobOf(server, cookie, "writingjob000001")).state).toBe("failed");
      expect((await json<{ jobs: ImportJob[] }>(await call(server, cookie, "/api/import-jobs"))).jobs).toEqual([]);
      const list = await json<{ datasets: DatasetSummary[] }>(await call(server, cookie, "/api/datasets"));
      expect(list.datasets).toEqual([]);
      const check = openSqliteStorage(path.join(data.dir, "data-patch.sqlite"));
      expect(await check.datasets.list()).toEqual([]);
      check.close();
      expect(storedDocumentNames(data.dir)).toEqual([]);
    } finally {
      await stopProcess(server);
      data.remove();
    }
  }, 120_000);

  it("an update by key killed just before writing its changes: at the next start it failed, and the dataset is as it was", async () => {
    const data = tempDataDir();
    let server = await startServerProcess(data.dir, { IMPORT_HOLD_AT: "update:writing" }, HELD_IMPORT_SERVER_MAIN);
    try {
      const { cookie } = await createUserSession(data.dir);
      const { dataset, keyColumnId } = await importedDataset(server, cookie, generated(3_000));
      const before = await liveRows(server, cookie, dataset.documentName);
      const next = await uploadFile(server, cookie, secondVersion(), "codes.csv");
      const job = await json<ImportJob>(
        await startUpdate(server, cookie, dataset.id, { uploadId: next.uploadId, keyColumnId, deleteMissing: true }),
      );
      await waitFor(async () =>
        expect(await jobOf(server, cookie, job.id)).toMatchObject({
          state: "writing",
          progress: { unit: "changes", done: 0 },
        }),
      );
      server.child.kill("SIGKILL");
      await server.exited;

      server = await startServerProcess(data.dir);
      expect(await jobOf(server, cookie, job.id)).toMatchObject({
        state: "failed",
        error: "The server stopped during this import, and nothing was imported: import the file again.",
        errorCode: "interrupted",
      });
      expect(await liveRows(server, cookie, dataset.documentName)).toEqual(before);
    } finally {
      await stopProcess(server);
      data.remove();
    }
  }, 120_000);
});
