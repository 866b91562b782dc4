/**
 * Upstream ueberdosis/hocuspocus#782, "disconnect prevents subsequent connect", against the real
 * server. In @hocuspocus/provider 4.8, `HocuspocusProviderWebsocket.disconnect()` sets
 * `shouldConnect = false` and only asks the socket to close: its status stays "connected" until the
 * close event arrives. A `connect()` right after returns at once because the status still says
 * connected, before it sets `shouldConnect` back, so when the close event comes `onClose` schedules
 * no reconnect and nothing ever connects again. The product never calls `disconnect()` then
 * `connect()` on a socket: each reconnect it starts (offline, online, the watchdog, Retry) moves the
 * same provider to a fresh socket (freshSocket.ts). These tests provoke the race on the bare
 * provider, to show it is real in the version we ship, then the product's counterparts, back to back
 * and with changes in flight, and check that the session recovers and the server gets every change.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { serverForEachTest } from "../../server/test/serverForEachTest.ts";
import { connectClient, createDatasetViaApi, waitFor } from "../../server/test/testServer.ts";
import { addRows, DatasetView, readColumns, setCells } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { DatasetSession, LOCAL_ORIGIN } from "./datasetSession.ts";

const env = serverForEachTest();

afterEach(() => {
  vi.unstubAllGlobals();
});

async function dataset() {
  return createDatasetViaApi(env.server, { title: "Race", columns: [{ name: "Name" }] });
}

/** The server's copy, read by a client of its own: resolves once it holds `value` in `row`. */
async function serverHolds(documentName: string, row: RowId, column: ColumnId, value: string) {
  const reference = await connectClient(env.server.wsUrl, documentName);
  const view = new DatasetView(reference.doc);
  try {
    await waitFor(() => expect(view.row(row)?.cells[column]).toBe(value), 15_000);
  } finally {
    view.destroy();
    reference.provider.destroy();
  }
}

/**
 * A session whose page can go offline and online: the session listens to `window`, which Node
 * lacks, so an EventTarget stands in for it and the test dispatches the browser's events.
 */
async function openSession(documentName: string) {
  const page = new EventTarget();
  vi.stubGlobal("window", page);
  const session = await DatasetSession.open({ documentName, url: env.server.wsUrl });
  env.later(() => session.destroy());
  await waitFor(() => expect(session.getState()).toMatchObject({ status: "connected", synced: true }));
  const [name] = readColumns(session.doc).map((c) => c.id) as [ColumnId];
  const [row] = addRows(session.doc, [{ cells: {} }], session.view.gapAtEnd(), LOCAL_ORIGIN) as [RowId];
  await waitFor(() => expect(session.getState().unsynced).toBe(0));
  const edit = (value: string) => setCells(session.doc, [{ rowId: row, columnId: name, value }], LOCAL_ORIGIN);
  const fire = (type: "offline" | "online") => page.dispatchEvent(new Event(type));
  const healthy = () =>
    waitFor(
      () => expect(session.getState()).toMatchObject({ status: "connected", synced: true, unsynced: 0, stuck: false }),
      15_000,
    );
  return { session, row, name, edit, fire, healthy };
}

describe("hocuspocus#782: disconnect() and connect() back to back", () => {
  it("leaves upstream's own socket disconnected for good, in the provider version we ship", async () => {
    const { documentName } = await dataset();
    const client = await connectClient(env.server.wsUrl, documentName);
    env.later(() => client.provider.destroy());
    const socket = client.provider.configuration.websocketProvider;
    const [name] = readColumns(client.doc).map((c) => c.id) as [ColumnId];
    addRows(client.doc, [{ cells: { [name]: "in flight" } }], new DatasetView(client.doc).gapAtEnd(), "test");

    socket.disconnect();
    void socket.connect();
    await waitFor(() => expect(socket.status).toBe("disconnected"));
    // Nothing is left that would connect it again: no retry running, none scheduled, none wanted.
    expect(socket.shouldConnect).toBe(false);
    expect(socket.reconnectTimeout).toBeNull();
    expect(socket.cancelWebsocketRetry).toBeUndefined();
    expect(client.provider.hasUnsyncedChanges).toBe(true);
  });

  it("going offline and back online at once, changes in flight: the session reconnects and the server gets them", async () => {
    const { documentName } = await dataset();
    const { session, row, name, edit, fire, healthy } = await openSession(documentName);
    edit("sent just before");
    fire("offline");
    edit("made in between");
    fire("online");
    await healthy();
    await serverHolds(documentName, row, name, "made in between");
    expect(session.unsavedCells()).toEqual([]);
  });

  it("the reverse, back online then offline at once: it keeps trying and the server gets the change", async () => {
    const { documentName } = await dataset();
    const { session, row, name, edit, fire, healthy } = await openSession(documentName);
    fire("offline");
    edit("made offline");
    fire("online");
    fire("offline");
    // Said offline until a socket gets through (here the network is really there, so one does).
    expect(session.getState().status).toBe("disconnected");
    await healthy();
    await serverHolds(documentName, row, name, "made offline");
  });

  it("Retry pressed twice, while a handshake and a change are in flight: one connection ends healthy", async () => {
    const { documentName } = await dataset();
    const { session, row, name, edit, healthy } = await openSession(documentName);
    edit("first");
    session.retry();
    edit("second");
    session.retry();
    await healthy();
    await serverHolds(documentName, row, name, "second");
  });
});
