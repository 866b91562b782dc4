import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { rowsQuerySchema } from "../../../shared/api/v1.ts";
import { addColumns, END, initializeDataset, insertRows } from "../../../shared/dataset/index.ts";
import type { DatasetId } from "../../../shared/ids.ts";
import { buildSnapshot } from "../../readModel/build.ts";
import { modelCache } from "../../readModel/modelCache.ts";
import { openSqliteStorage } from "../../storage/sqlite.ts";
import { openReadModelAt } from "../../storage/sqliteReadModel.ts";
import { tempDataDir } from "../../test/testServer.ts";
import { rowsPages } from "./rowsPages.ts";

describe("rows pages made in the worker", () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("reads each new model from the store itself and answers from the version stored, however it was written", async () => {
    const data = tempDataDir();
    const storage = openSqliteStorage(path.join(data.dir, "data-patch.sqlite"));
    cleanups.push(data.remove, () => storage.close());
    const id = "pagesworker1" as DatasetId;
    const doc = new Y.Doc();
    initializeDataset(doc, { meta: { title: "T" }, columns: [] }, "test");
    const [column] = addColumns(doc, [{ name: "City" }], "test");
    const built = (cities: string[]) => {
      insertRows(
        doc,
        cities.map((c) => ({ cells: { [column as string]: c } })),
        END,
        "test",
      );
      return buildSnapshot({ datasetId: id, epoch: 0, snapshot: Y.encodeStateAsUpdate(doc), updates: [] });
    };
    // Written by another connection, as the build worker writes them.
    const writer = openReadModelAt(
      storage.readModel.workerLocation as NonNullable<typeof storage.readModel.workerLocation>,
    );
    cleanups.push(() => writer.close());
    const first = built(["Lyon"]);
    writer.store.put(id, first.version, first.files);

    const pages = rowsPages({ snapshots: storage.readModel, models: modelCache(storage.readModel), workerBytes: 0 });
    cleanups.push(() => pages.close());
    const cities = async () => {
      const answer = await pages.page(id, "/rows", rowsQuerySchema.parse({}));
      const body = JSON.parse(answer?.page.body.toString() ?? "null") as {
        version: string;
        rows: { cells: Record<string, string> }[];
      };
      expect(body.version).toBe(answer?.version.etag);
      return body.rows.map((r) => r.cells[column as string]);
    };
    expect(await cities()).toEqual(["Lyon"]);

    const second = built(["Dijon"]);
    writer.store.put(id, second.version, second.files);
    expect((await cities()).sort()).toEqual(["Dijon", "Lyon"]);
    expect((await pages.page(id, "/rows", rowsQuerySchema.parse({})))?.version.etag).toBe(second.version.etag);
  });
});
