/**
 * A WebSocket upgrade that carries the session cookie must come from this site, as the HTTP API's
 * state changes must; upgrades without the cookie (visitors, API tokens) come from anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { DatasetSummary } from "../../shared/api/datasets.ts";
import { browserLikeClient } from "../test/mailbox.ts";
import {
  connectClient,
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestServer,
  tempDataDir,
} from "../test/testServer.ts";

const FOREIGN = "https://elsewhere.example";

describe("the Origin of a WebSocket upgrade", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let person: Awaited<ReturnType<typeof createUserSession>>;
  let own: DatasetSummary;
  let open: DatasetSummary;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir);
    person = await createUserSession(data.dir);
    own = await createDatasetViaApi(
      server,
      { title: "Own", columns: [] },
      { openness: "private", cookie: person.cookie },
    );
    open = await createDatasetViaApi(server, { title: "Open", columns: [] });
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  /** The HTTP status the upgrade is answered with (101: accepted). */
  const upgradeStatus = (headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(server.wsUrl, { headers });
      socket.once("upgrade", (response) => {
        resolve(response.statusCode ?? 0);
        socket.close();
      });
      socket.once("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      socket.once("error", (error) => reject(error));
    });

  it("refuses a session cookie from a foreign Origin, or that the browser says is cross-site, with 403", async () => {
    expect(await upgradeStatus({ cookie: person.cookie, origin: FOREIGN })).toBe(403);
    expect(await upgradeStatus({ cookie: person.cookie })).toBe(403);
    expect(await upgradeStatus({ cookie: person.cookie, origin: server.url, "sec-fetch-site": "cross-site" })).toBe(
      403,
    );
  });

  it("accepts a session cookie from the site's own Origin, with the person's rights", async () => {
    expect(await upgradeStatus({ cookie: person.cookie, origin: server.url })).toBe(101);
    const client = await connectClient(server.wsUrl, own.documentName, undefined, { cookie: person.cookie });
    expect(client.provider.authorizedScope).toBe("read-write");
    client.provider.destroy();
  });

  it("accepts upgrades without the cookie from any Origin: visitors and API tokens", async () => {
    expect(await upgradeStatus({ origin: FOREIGN })).toBe(101);
    const visitor = await connectClient(server.wsUrl, open.documentName, undefined, { origin: FOREIGN });
    expect(visitor.provider.authorizedScope).toBe("read-write");
    visitor.provider.destroy();

    const api = browserLikeClient(server.url);
    const [name = "", value = ""] = person.cookie.split("=");
    api.jar.set(name, value);
    const created = await api.request("/api/account/tokens", {
      method: "POST",
      body: { name: "elsewhere", scope: "write", datasetIds: [own.id] },
    });
    const script = await connectClient(server.wsUrl, own.documentName, undefined, {
      token: created.body?.token as string,
      origin: FOREIGN,
    });
    expect(script.provider.authorizedScope).toBe("read-write");
    script.provider.destroy();
  });
});
