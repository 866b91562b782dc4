/** A real server logging at `info` (every request): no line holds the client's address. */
import http from "node:http";
import { describe, expect, it } from "vitest";
import { serverLog } from "../test/serverLog.ts";
import { startTestServer, tempDataDir } from "../test/testServer.ts";

describe("the server's log", () => {
  it("keeps no client address, even for every request at info", async () => {
    const data = tempDataDir();
    const log = serverLog();
    const server = await startTestServer(data.dir, { LOG_LEVEL: "info" }, { logStream: log.stream });
    try {
      // From 127.0.0.2, an address the server never listens on, so any mention of it is the client's.
      const status = await new Promise<number>((resolve, reject) => {
        http
          .get(`${server.url}/api/v1/datasets`, { localAddress: "127.0.0.2" }, (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode ?? 0));
          })
          .on("error", reject);
      });
      expect(status).toBe(200);
      expect(log.lines().some((line) => line.msg === "incoming request")).toBe(true);
      expect(log.text()).not.toContain("127.0.0.2");
    } finally {
      await server.close();
      data.remove();
    }
  });
});
