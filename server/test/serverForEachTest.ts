/** A real server on a fresh data folder for each test of the file (hooks registered here), stopped after it. */
import { afterEach, beforeEach } from "vitest";
import { startTestServer, type TestServer, tempDataDir } from "./testServer.ts";

export function serverForEachTest(env: Record<string, string> = {}) {
  let data: ReturnType<typeof tempDataDir> | undefined;
  let server: TestServer | undefined;
  const cleanup: (() => void)[] = [];
  beforeEach(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir, env);
  });
  afterEach(async () => {
    for (const done of cleanup.splice(0)) done();
    await server?.close();
    data?.remove();
  });
  return {
    get server(): TestServer {
      if (!server) throw new Error("the server starts in beforeEach");
      return server;
    },
    /** Runs `done` after the test, before the server stops (providers to destroy). */
    later: (done: () => void) => cleanup.push(done),
  };
}
