import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestServer,
  tempDataDir,
  waitFor,
} from "../test/testServer.ts";
import { allowedState } from "./awarenessExtension.ts";

describe("presence", () => {
  it("keeps only a name, a colour and a selected cell", () => {
    expect(
      allowedState(
        {
          user: { name: "  Ana\u0007 ", color: "javascript:x", avatar: "<img>" },
          cursor: { rowId: "r1", columnId: "<b>" },
          secret: 1,
        },
        null,
      ),
    ).toEqual({ user: { name: "Ana", color: "#0057b8", guest: true }, cursor: null });
    expect(
      allowedState({ user: { name: "Pretending", color: "#aa0000" }, cursor: { rowId: "r1", columnId: "c1" } }, "Bob"),
    ).toEqual({
      user: { name: "Bob", color: "#aa0000", guest: false },
      cursor: { rowId: "r1", columnId: "c1" },
    });
  });

  describe("through the server", () => {
    let data: ReturnType<typeof tempDataDir>;
    let server: TestServer;
    beforeAll(async () => {
      data = tempDataDir();
      server = await startTestServer(data.dir);
    });
    afterAll(async () => {
      await server.close();
      data.remove();
    });

    it("shows a signed-in person under their account name and a read-only visitor as a guest", async () => {
      const owner = await createUserSession(data.dir, "camille@example.test");
      const dataset = await createDatasetViaApi(
        server,
        { title: "T", columns: [] },
        { openness: "public-read", cookie: owner.cookie },
      );
      const camille = await connectClient(server.wsUrl, dataset.documentName, undefined, { cookie: owner.cookie });
      const visitor = await connectClient(server.wsUrl, dataset.documentName);
      camille.provider.awareness?.setLocalStateField("user", { name: "The Boss", color: "#123456" });
      visitor.provider.awareness?.setLocalStateField("user", {
        name: "Visitor 12",
        color: "#654321",
        extra: "x".repeat(1000),
      });
      await waitFor(() => {
        const seenByVisitor = visitor.provider.awareness?.getStates().get(camille.doc.clientID);
        expect(seenByVisitor?.user).toEqual({ name: "camille", color: "#123456", guest: false });
        const seenByCamille = camille.provider.awareness?.getStates().get(visitor.doc.clientID);
        expect(seenByCamille?.user).toEqual({ name: "Visitor 12", color: "#654321", guest: true });
      });
      camille.provider.destroy();
      visitor.provider.destroy();
    });

    it("removes a person from everyone's presence when their page closes, however often they come back", async () => {
      const dataset = await createDatasetViaApi(server, { title: "T", columns: [] });
      const watcher = await connectClient(server.wsUrl, dataset.documentName);
      for (let visit = 0; visit < 3; visit++) {
        const visitor = await connectClient(server.wsUrl, dataset.documentName);
        visitor.provider.awareness?.setLocalStateField("user", { name: "Visitor", color: "#123456" });
        await waitFor(() => expect(watcher.provider.awareness?.getStates().size).toBe(2));
        visitor.provider.destroy();
        await waitFor(() => expect(watcher.provider.awareness?.getStates().size).toBe(1));
      }
      watcher.provider.destroy();
    });

    it("shows a renamed account under its new name from its next presence update, on the same socket", async () => {
      const owner = await createUserSession(data.dir, "camille.martin@example.test");
      const dataset = await createDatasetViaApi(
        server,
        { title: "T", columns: [] },
        { openness: "public-read", cookie: owner.cookie },
      );
      const camille = await connectClient(server.wsUrl, dataset.documentName, undefined, { cookie: owner.cookie });
      const visitor = await connectClient(server.wsUrl, dataset.documentName);
      try {
        const seen = () => visitor.provider.awareness?.getStates().get(camille.doc.clientID)?.user;
        camille.provider.awareness?.setLocalStateField("user", { name: "camille", color: "#123456" });
        await waitFor(() => expect(seen()).toMatchObject({ name: "camille.martin" }));

        const renamed = await fetch(`${server.url}/api/account`, {
          method: "PATCH",
          headers: { "content-type": "application/json", origin: server.url, cookie: owner.cookie },
          body: JSON.stringify({ name: "Camille Martin" }),
        });
        expect(renamed.status).toBe(200);
        camille.provider.awareness?.setLocalStateField("user", { name: "Camille Martin", color: "#123456" });
        await waitFor(() => expect(seen()).toEqual({ name: "Camille Martin", color: "#123456", guest: false }));
        expect(camille.closes).toEqual([]);

        // Still the account's name, not whatever the page claims (the new colour shows the update arrived).
        camille.provider.awareness?.setLocalStateField("user", { name: "Someone else", color: "#abcdef" });
        await waitFor(() => expect(seen()).toMatchObject({ color: "#abcdef" }));
        expect(seen()).toMatchObject({ name: "Camille Martin" });
      } finally {
        camille.provider.destroy();
        visitor.provider.destroy();
      }
    });
  });
});
