/**
 * Import jobs against real servers: the 151k-row file built in a worker with its progress read
 * meanwhile, cancelling and killing the server mid-way (nothing half-made is left), a restart that
 * finds an interrupted job, and jobs kept to their owner.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetDetails, DatasetSummary } from "../../shared/api/datasets.ts";
import type { ImportJob } from "../../shared/api/importJobs.ts";
import type { ImportPreview } from "../../shared/api/imports.ts";
import { dataFile } from "../import/testing/data.ts";
import { openSqliteStorage } from "../storage/sqlite.ts";
import {
  createUserSession,
  startServerProcess,
  startTestServer,
  type TestServer,
  tempDataDir,
  waitFor,
} from "../test/testServer.ts";

type Base = { url: string };
const call = (server: Base, cookie: string, route: string, init: RequestInit = {}) =>
  fetch(`${server.url}${route}`, {
    ...init,
    headers: { "content-type": "application/json", origin: server.url, cookie, ...init.headers },
  });
const json = <T>(response: Response) => response.json() as Promise<T>;

async function uploadFile(server: Base, cookie: string, bytes: Uint8Array | string, fileName: string) {
  const response = await call(server, cookie, `/api/imports?fileName=${encodeURIComponent(fileName)}&locale=fr`, {
    method: "POST",
    body: typeof bytes === "string" ? bytes : Buffer.from(bytes),
    headers: { "content-type": "application/octet-stream" },
  });
  expect(response.status).toBe(201);
  return json<ImportPreview>(response);
}

const jobOf = async (server: Base, cookie: string, id: string) =>
  json<ImportJob>(await call(server, cookie, `/api/import-jobs/${id}`));

/** Follows a job until it ends, keeping every state and progress seen. */
async function follow(server: Base, cookie: string, id: string, seen: ImportJob[] = []) {
  return waitFor(async () => {
    const job = await jobOf(server, cookie, id);
    seen.push(job);
    if (!["done", "failed", "cancelled"].includes(job.state)) throw new Error(`still ${job.state}`);
    return job;
  }, 300_000);
}

/** A generated CSV of `rows` rows, large enough to be caught mid-way. */
const generated = (rows: number) =>
  `code;nom;ville;valeur\n${Array.from({ length: rows }, (_, i) => `${String(i).padStart(6, "0")};Lieu ${i};Ville ${i % 97};${i * 3}`).join("\n")}\n`;

describe("import jobs", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let cookie: string;
  let strangerCookie: string;
  const api = (route: string, init: RequestInit = {}, as = cookie) => call(server, as, route, init);
  const datasets = async () => (await json<{ datasets: DatasetSummary[] }>(await api("/api/datasets"))).datasets;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
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

  it("a cancelled import leaves no dataset, and its file can be imported again", async () => {
    const before = (await datasets()).length;
    const preview = await uploadFile(server, cookie, generated(60_000), "lieux.csv");
    const job = await json<ImportJob>(
      await api(`/api/imports/${preview.uploadId}/jobs`, { method: "POST", body: JSON.stringify({ title: "Lieux" }) }),
    );
    await waitFor(async () => {
      const current = await jobOf(server, cookie, job.id);
      if (current.state !== "building" && current.state !== "reading") throw new Error(current.state);
    }, 60_000);
    // Listed as under way for its owner only.
    const listed = async (as: string) =>
      (await json<{ jobs: ImportJob[] }>(await api("/api/import-jobs", {}, as))).jobs.map((j) => j.id);
    expect(await listed(cookie)).toEqual([job.id]);
    expect(await listed(strangerCookie)).toEqual([]);
    const cancelled = await json<ImportJob>(
      await api(`/api/import-jobs/${job.id}/cancel`, { method: "POST", body: "{}" }),
    );
    expect(cancelled.state).toBe("cancelled");
    expect((await jobOf(server, cookie, job.id)).state).toBe("cancelled");
    expect((await datasets()).length).toBe(before);
    // The upload is kept: importing it again works.
    const again = await json<ImportJob>(
      await api(`/api/imports/${preview.uploadId}/jobs`, { method: "POST", body: JSON.stringify({ title: "Lieux" }) }),
    );
    const done = await follow(server, cookie, again.id);
    expect(done.state).toBe("done");
    expect((await datasets()).length).toBe(before + 1);
  }, 300_000);

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

  it("an update by key cancelled mid-way changes nothing; a failed one says the line", async () => {
    const original = "code;nom\nA;Un\nB;Deux\n";
    const preview = await uploadFile(server, cookie, original, "codes.csv");
    const created = await json<DatasetSummary>(
      await api(`/api/imports/${preview.uploadId}/dataset`, { method: "POST", body: JSON.stringify({ title: "C" }) }),
    );
    const details = await json<DatasetDetails>(await api(`/api/datasets/${created.id}`));
    const keyColumnId = details.columns.find((c) => c.name === "code")?.id as string;
    const rowsNow = async () => (await json<{ rows: unknown[] }>(await api(`/api/datasets/${created.id}/rows`))).rows;
    const rowsBefore = await rowsNow();

    const big = await uploadFile(
      server,
      cookie,
      `code;nom\n${generated(60_000).split("\n").slice(1).join("\n")}`,
      "codes.csv",
    );
    const job = await json<ImportJob>(
      await api(`/api/datasets/${created.id}/import/jobs`, {
        method: "POST",
        body: JSON.stringify({ uploadId: big.uploadId, keyColumnId, deleteMissing: true }),
      }),
    );
    expect(job).toMatchObject({ kind: "update", datasetId: created.id });
    await waitFor(async () => {
      const current = await jobOf(server, cookie, job.id);
      if (current.state !== "reading" && current.state !== "building") throw new Error(current.state);
    }, 60_000);
    expect(
      (await json<ImportJob>(await api(`/api/import-jobs/${job.id}/cancel`, { method: "POST", body: "{}" }))).state,
    ).toBe("cancelled");
    expect(await rowsNow()).toEqual(rowsBefore);

    // A repeated key fails the job with its lines, and writes nothing.
    const repeated = await uploadFile(server, cookie, "code;nom\nA;Un\nC;Trois\nA;Encore\n", "codes.csv");
    const failing = await json<ImportJob>(
      await api(`/api/datasets/${created.id}/import/jobs`, {
        method: "POST",
        body: JSON.stringify({ uploadId: repeated.uploadId, keyColumnId }),
      }),
    );
    const failed = await follow(server, cookie, failing.id);
    expect(failed.state).toBe("failed");
    expect(failed.error).toBe('The key "A" is on lines 2 and 4 of the file.');
    expect(await rowsNow()).toEqual(rowsBefore);
    // A stranger may not start one on this dataset.
    const theirs = await uploadFile(server, strangerCookie, original, "codes.csv");
    const refused = await api(
      `/api/datasets/${created.id}/import/jobs`,
      { method: "POST", body: JSON.stringify({ uploadId: theirs.uploadId, keyColumnId }) },
      strangerCookie,
    );
    expect(refused.status).toBe(404);
  }, 300_000);
});

describe("import jobs across a server kill", () => {
  it("a job killed mid-way is failed at the next start, with no dataset left, even one half-written", async () => {
    const data = tempDataDir();
    try {
      let server = await startServerProcess(data.dir);
      const { cookie, user } = await createUserSession(data.dir);
      const preview = await uploadFile(server, cookie, generated(80_000), "lieux.csv");
      const job = await json<ImportJob>(
        await call(server, cookie, `/api/imports/${preview.uploadId}/jobs`, {
          method: "POST",
          body: JSON.stringify({ title: "Lieux" }),
        }),
      );
      await waitFor(async () => {
        const current = await jobOf(server, cookie, job.id);
        if (current.state !== "reading" && current.state !== "building") throw new Error(current.state);
      }, 60_000);
      server.child.kill("SIGKILL");
      await server.exited;

      // A job whose dataset was being stored when the server died (written here as it would be left).
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
        createdAt: at,
        updatedAt: at,
      });
      storage.close();

      server = await startServerProcess(data.dir);
      const after = await jobOf(server, cookie, job.id);
      expect(after.state).toBe("failed");
      expect(after.error).toMatch(/server stopped during this import, and nothing was imported/);
      expect((await jobOf(server, cookie, "writingjob000001")).state).toBe("failed");
      const list = await json<{ datasets: DatasetSummary[] }>(await call(server, cookie, "/api/datasets"));
      expect(list.datasets).toEqual([]);
      const check = openSqliteStorage(path.join(data.dir, "data-patch.sqlite"));
      expect(await check.datasets.get(halfMade as never)).toBeNull();
      check.close();
      server.child.kill("SIGTERM");
      await server.exited;
    } finally {
      data.remove();
    }
  }, 300_000);
});
