/**
 * The registry's copy of a dataset's summary: the home list's "Updated" follows the last edit of any
 * kind (a cell, not only the title), and the title edited in the document reaches the list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetSummary } from "../../shared/api/datasets.ts";
import { readColumns, setCells, updateMeta } from "../../shared/dataset/index.ts";
import type { RowId } from "../../shared/ids.ts";
import {
  connectClient,
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestServer,
  tempDataDir,
  waitFor,
  whenAcknowledged,
} from "../test/testServer.ts";

describe("dataset summary in the registry", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir, { STORE_DEBOUNCE_MS: "20", STORE_MAX_DEBOUNCE_MS: "100" });
    ({ cookie } = await createUserSession(data.dir));
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  const listed = async (id: string): Promise<DatasetSummary> => {
    const response = await fetch(`${server.url}/api/datasets`, { headers: { cookie } });
    const { datasets } = (await response.json()) as { datasets: DatasetSummary[] };
    const found = datasets.find((d) => d.id === id);
    if (!found) throw new Error(`dataset ${id} not listed`);
    return found;
  };

  it("a cell edit moves the updated time; a title edit reaches the list", async () => {
    const created = await createDatasetViaApi(
      server,
      { title: "Repair cafés", columns: [{ name: "Name" }] },
      { cookie },
    );
    const before = (await listed(created.id)).updatedAt;
    const client = await connectClient(server.wsUrl, created.documentName, undefined, { cookie });
    try {
      const [column] = readColumns(client.doc);
      if (!column) throw new Error("no column");
      // Long enough for the clock to move past the creation's millisecond.
      await waitFor(() => expect(Date.now()).toBeGreaterThan(Date.parse(before) + 5));
      setCells(client.doc, [{ rowId: "row0000001" as RowId, columnId: column.id, value: "Café vélo" }], "test");
      await whenAcknowledged(client);
      const afterCell = await waitFor(async () => {
        const summary = await listed(created.id);
        expect(summary.updatedAt > before).toBe(true);
        return summary;
      });
      expect(afterCell.title).toBe("Repair cafés");

      updateMeta(client.doc, { title: "Repair cafés of Lyon", description: "Where to mend things" }, "test");
      await whenAcknowledged(client);
      await waitFor(async () =>
        expect(await listed(created.id)).toMatchObject({
          title: "Repair cafés of Lyon",
          description: "Where to mend things",
        }),
      );
      expect((await listed(created.id)).updatedAt >= afterCell.updatedAt).toBe(true);
    } finally {
      client.provider.destroy();
    }
  });
});
