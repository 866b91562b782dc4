import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addColumns, END, initializeDataset, insertRows } from "../../../shared/dataset/index.ts";
import { type DatasetId, newDatasetId } from "../../../shared/ids.ts";
import { buildSnapshot } from "../../readModel/build.ts";
import { modelCache } from "../../readModel/modelCache.ts";
import type { ReadModelStore, SnapshotVersion } from "../../storage/readModelTypes.ts";
import { openSqliteStorage } from "../../storage/sqlite.ts";
import { tempDataDir } from "../../test/testServer.ts";
import { rowsPages } from "./rowsPages.ts";

const query = { limit: 100 };

/** Pages of large datasets, made in the worker thread, which reads each new model file itself. */
describe("rows pages in the worker", () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function setup() {
    const data = tempDataDir();
    const storage = openSqliteStorage(path.join(data.dir, "db.sqlite"));
    cleanups.push(data.remove, () => storage.close());
    const id = newDatasetId() as DatasetId;
    const doc = new Y.Doc();
    initializeDataset(doc, { meta: { title: "T" }, columns: [] }, "test");
    const [column] = addColumns(doc, [{ name: "Name" }], "test");
    /** Adds rows and publishes the dataset's new snapshot. */
    const publish = async (...names: string[]) => {
      insertRows(
        doc,
        names.map((name) => ({ cells: { [column as string]: name } })),
        END,
        "test",
      );
      const built = buildSnapshot({ datasetId: id, epoch: 0, snapshot: Y.encodeStateAsUpdate(doc), updates: [] });
      await storage.readModel.put(id, built.version, built.files);
      return built.version;
    };
    /** The page's names, alphabetically (rows added at END land anywhere between the others). */
    const names = (page: { body: Buffer } | undefined) =>
      (JSON.parse(page?.body.toString() ?? "{}") as { rows: { cells: Record<string, string> }[] }).rows
        .map((row) => row.cells[column as string])
        .sort();
    return { storage, id, publish, names };
  }

  function pagesOver(snapshots: ReadModelStore) {
    const pages = rowsPages({ snapshots, models: modelCache(snapshots), workerBytes: 0 });
    cleanups.push(() => pages.close());
    return pages;
  }

  it("answers from each newly published snapshot, whose files replaced the older one's", async () => {
    const { storage, id, publish, names } = setup();
    const pages = pagesOver(storage.readModel);
    const first = await publish("Annecy", "Brest");
    const one = await pages.page(id, "/rows", query);
    expect(one?.version.etag).toBe(first.etag);
    expect(names(one?.page)).toEqual(["Annecy", "Brest"]);

    const second = await publish("Caen");
    const two = await pages.page(id, "/rows", query);
    expect(two?.version.etag).toBe(second.etag);
    expect(names(two?.page)).toEqual(["Annecy", "Brest", "Caen"]);
  });

  it("a page asked of a version whose files a newer snapshot just deleted is made from the newer one", async () => {
    const { storage, id, publish, names } = setup();
    await publish("Annecy");
    let stale: SnapshotVersion | null = await storage.readModel.version(id);
    const newer = await publish("Brest"); // deletes the files of `stale`
    // The page's version was read just before the newer snapshot was published.
    const racing: ReadModelStore = {
      ...storage.readModel,
      version: (datasetId) => {
        const told = stale;
        stale = null;
        return told ?? storage.readModel.version(datasetId);
      },
    };
    const answer = await pagesOver(racing).page(id, "/rows", query);
    expect(answer?.version.etag).toBe(newer.etag);
    expect(names(answer?.page)).toEqual(["Annecy", "Brest"]);
  });
});
