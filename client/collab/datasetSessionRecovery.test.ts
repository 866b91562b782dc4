/**
 * A DatasetSession recovers by itself from a socket that stays open but carries nothing (a
 * half-open connection: upstream's provider waits on it forever), without losing the edit made
 * meanwhile, and lists that edit as unsaved until the server acknowledges it.
 */
import { describe, expect, it } from "vitest";
import { proxiedServerForEachTest } from "../../server/test/proxiedServer.ts";
import { connectClient, createDatasetViaApi, waitFor } from "../../server/test/testServer.ts";
import { addRows, DatasetView, readColumns, setCells } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { DatasetSession, LOCAL_ORIGIN } from "./datasetSession.ts";

const env = proxiedServerForEachTest();

describe("DatasetSession recovery", () => {
  it("replaces a socket that went silent, and the edit made meanwhile reaches the server", async () => {
    const { documentName } = await createDatasetViaApi(env.server, { title: "T", columns: [{ name: "Name" }] });
    const session = await DatasetSession.open({
      documentName,
      url: env.proxy.wsUrl,
      watchdog: { ackMs: 1_000, handshakeMs: 1_000, pendingMs: 1_000 },
    });
    env.later(() => session.destroy());
    await waitFor(() => expect(session.getState()).toMatchObject({ status: "connected", synced: true }));
    const [name] = readColumns(session.doc).map((c) => c.id) as [ColumnId];
    const [row] = addRows(session.doc, [{ cells: {} }], session.view.gapAtEnd(), LOCAL_ORIGIN) as [RowId];
    await waitFor(() => expect(session.getState().unsynced).toBe(0));

    env.proxy.stallAll();
    setCells(session.doc, [{ rowId: row, columnId: name, value: "through the silence" }], LOCAL_ORIGIN);
    expect(session.unsavedCells()).toMatchObject([{ rowId: row, column: "Name", value: "through the silence" }]);

    const reference = await connectClient(env.server.wsUrl, documentName);
    env.later(() => reference.provider.destroy());
    const view = new DatasetView(reference.doc);
    env.later(() => view.destroy());
    await waitFor(() => expect(view.row(row)?.cells[name]).toBe("through the silence"), 15_000);
    await waitFor(() => expect(session.getState()).toMatchObject({ unsynced: 0, stuck: false, synced: true }));
    expect(session.unsavedCells()).toEqual([]);
  });
});
