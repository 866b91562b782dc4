/**
 * Renaming an account reaches the presence others see: the server shows a signed-in person under
 * their account name, so until now a rename changed the name for that person only.
 */
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

describe("an account renamed while its person is on a dataset", () => {
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

  it("is shown to the others under the new name from its next presence update, on the same socket", async () => {
    const owner = await createUserSession(data.dir, "camille@example.test");
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
      await waitFor(() => expect(seen()).toMatchObject({ name: "camille" }));

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
