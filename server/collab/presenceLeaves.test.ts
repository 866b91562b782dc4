import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectClient,
  createDatasetViaApi,
  startTestServer,
  type TestServer,
  tempDataDir,
  waitFor,
} from "../test/testServer.ts";

describe("presence when people leave", () => {
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
});
