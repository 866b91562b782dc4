import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addColumns, END, initializeDataset, insertRows } from "../../shared/dataset/index.ts";
import { datasetDocumentName } from "../../shared/documentNames.ts";
import { type DatasetId, newDatasetId } from "../../shared/ids.ts";
import type { SnapshotVersion } from "../storage/readModelTypes.ts";
import { openSqliteStorage } from "../storage/sqlite.ts";
import { tempDataDir } from "../test/testServer.ts";
import { snapshotBuilder } from "./builder.ts";
import { createReadModel } from "./readModel.ts";

describe("the read model's rebuilds", () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup({ workerBytes = Number.POSITIVE_INFINITY } = {}) {
    const data = tempDataDir();
    const storage = openSqliteStorage(path.join(data.dir, "data-patch.sqlite"));
    cleanups.push(data.remove, () => storage.close());
    const id = newDatasetId();
    const doc = new Y.Doc();
    initializeDataset(doc, { meta: { title: "T" }, columns: [] }, "test");
    const [column] = addColumns(doc, [{ name: "A" }], "test");
    const now = new Date().toISOString();
    const record = {
      id,
      title: "T",
      description: "",
      epoch: 0,
      workspaceId: null,
      openness: "public-read" as const,
      createdAt: now,
      updatedAt: now,
    };
    await storage.datasets.create(record, Y.encodeStateAsUpdate(doc), datasetDocumentName(id, 0));
    const built: string[] = [];
    const readModel = createReadModel({
      datasets: storage.datasets,
      documents: storage.documents,
      snapshots: storage.readModel,
      builder: snapshotBuilder({ workerBytes, stagingDir: storage.readModel.stagingDir }),
      delayMs: 10,
      log: {
        info: (o) => built.push((o as { etag: string }).etag),
        error: (o) => built.push(`error ${JSON.stringify(o)}`),
      },
    });
    cleanups.push(() => readModel.close());
    /** An edit as the collaboration server stores it: appended to the document's log. */
    const edit = async (value: string) => {
      const before = Y.encodeStateVector(doc);
      insertRows(doc, [{ cells: { [column as string]: value } }], END, "test");
      await storage.documents.append(datasetDocumentName(id, 0), Y.encodeStateAsUpdate(doc, before));
    };
    return { storage, id: id as DatasetId, readModel, built, edit };
  }

  it("builds once for a burst of changes, writes nothing when the state is the same, follows a later edit", async () => {
    const { storage, id, readModel, built, edit } = await setup();
    for (let i = 0; i < 50; i++) readModel.changed(id);
    await readModel.idle();
    expect(built).toHaveLength(1);
    const first = await storage.readModel.version(id);
    expect(first).toMatchObject({ epoch: 0, rowCount: 0 });

    readModel.changed(id);
    await readModel.idle();
    expect(await storage.readModel.version(id)).toEqual(first); // same state: not rewritten
    expect(built).toHaveLength(1);
    expect(readdirSync(storage.readModel.stagingDir)).toEqual([]); // the build's files were discarded

    await edit("x");
    readModel.changed(id);
    await readModel.idle();
    const second = await storage.readModel.version(id);
    expect(second?.rowCount).toBe(1);
    expect(second?.etag).not.toBe(first?.etag);
  });

  it("catches up datasets without a snapshot, and drops the snapshot of a deleted dataset", async () => {
    const { storage, id, readModel } = await setup();
    await readModel.catchUp();
    await readModel.idle();
    const version = await storage.readModel.version(id);
    expect(version).not.toBeNull();
    const modelFile = storage.readModel.pathOf(id, version as SnapshotVersion, "model", "identity");
    expect(existsSync(modelFile)).toBe(true);
    await storage.datasets.delete(id);
    readModel.changed(id);
    await readModel.idle();
    expect(await storage.readModel.version(id)).toBeNull();
    expect(existsSync(modelFile)).toBe(false);
  });

  it("a large dataset's snapshot is built and written by the worker thread, then published here", async () => {
    const { storage, id, readModel, edit } = await setup({ workerBytes: 0 });
    await edit("from the worker");
    readModel.changed(id);
    await readModel.idle();
    const file = await storage.readModel.file(id, "model", "identity");
    expect(file?.version.rowCount).toBe(1);
    expect(file?.version.modelBytes).toBe(file?.body.byteLength);
    expect(Buffer.from(file?.body ?? []).toString()).toContain("from the worker");
    expect(readdirSync(storage.readModel.stagingDir)).toEqual([]);
  });
});
