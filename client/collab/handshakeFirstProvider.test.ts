/**
 * The provider workaround of issue 12 against a real server, through a loopback proxy: an edit
 * written into a socket that dies unheard, then an edit made offline. Upstream's provider replays
 * the second ahead of the next handshake, with a gap where the first was, and our server refuses it
 * (R2, 4400); HandshakeFirstProvider holds it for the handshake, and both edits arrive.
 */
import { HocuspocusProvider } from "@hocuspocus/provider";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { proxiedServerForEachTest } from "../../server/test/proxiedServer.ts";
import { connectClient, createDatasetViaApi, waitFor } from "../../server/test/testServer.ts";
import { cellKey, readColumns, roots } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { HandshakeFirstProvider } from "./handshakeFirstProvider.ts";

const env = proxiedServerForEachTest();

/** Edits one cell the way the grid does (the provider sends the update), then the unheard socket dies. */
async function editAcrossALostSocket(Provider: typeof HocuspocusProvider) {
  const { documentName } = await createDatasetViaApi(env.server, { title: "T", columns: [{ name: "Name" }] });
  const doc = new Y.Doc();
  const closes: number[] = [];
  const provider = new Provider({
    url: env.proxy.wsUrl,
    name: documentName,
    document: doc,
    onClose: ({ event }) => closes.push(event.code),
  });
  env.later(() => provider.destroy());
  await waitFor(() => expect(provider.synced).toBe(true));
  const [name] = readColumns(doc).map((c) => c.id) as [ColumnId];
  const cells = doc.getMap(roots.cells);
  const key = (n: number) => cellKey(`row000000${n}` as RowId, name);

  env.proxy.stallAll();
  cells.set(key(1), "lost with the socket");
  env.proxy.cutAll();
  await waitFor(() => expect(closes.length).toBeGreaterThan(0));
  cells.set(key(2), "made offline"); // before the provider reconnects (a second later)

  const reference = await connectClient(env.server.wsUrl, documentName);
  env.later(() => reference.provider.destroy());
  return { closes, provider, reference: reference.doc.getMap(roots.cells), key };
}

describe("HandshakeFirstProvider", () => {
  it("upstream's provider replays an offline edit ahead of the handshake, and the server refuses it", async () => {
    const { closes } = await editAcrossALostSocket(HocuspocusProvider);
    await waitFor(() => expect(closes).toContain(4400));
  });

  it("holds edits for the handshake: both reach the server, nothing refused, nothing left unacknowledged", async () => {
    const { closes, provider, reference, key } = await editAcrossALostSocket(HandshakeFirstProvider);
    await waitFor(() => {
      expect(reference.get(key(1))).toBe("lost with the socket");
      expect(reference.get(key(2))).toBe("made offline");
      expect(provider.unsyncedChanges).toBe(0);
    });
    expect(closes).not.toContain(4400);
  });
});
