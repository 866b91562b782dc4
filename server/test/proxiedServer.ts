/**
 * For tests of reconnection: a real server per test, and a flaky proxy in front of it that passes
 * everything untouched until the test stalls or cuts it (flakyProxy.ts). Registers the test hooks;
 * `later(done)` runs `done` before the proxy and server stop.
 */
import { afterEach, beforeEach } from "vitest";
import { type FlakyProxy, seededRandom, startFlakyProxy } from "./flakyProxy.ts";
import { startTestServer, type TestServer, tempDataDir } from "./testServer.ts";

export function proxiedServerForEachTest() {
  let data: ReturnType<typeof tempDataDir> | undefined;
  let server: TestServer | undefined;
  let proxy: FlakyProxy | undefined;
  const cleanup: (() => void)[] = [];

  beforeEach(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    proxy = await startFlakyProxy(server.wsUrl, { random: seededRandom(1) });
    proxy.settle();
  });
  afterEach(async () => {
    for (const done of cleanup.splice(0)) done();
    await proxy?.close();
    await server?.close();
    data?.remove();
  });

  return {
    get server(): TestServer {
      if (!server) throw new Error("the server starts in beforeEach");
      return server;
    },
    get proxy(): FlakyProxy {
      if (!proxy) throw new Error("the proxy starts in beforeEach");
      return proxy;
    },
    later(done: () => void) {
      cleanup.push(done);
    },
  };
}
