/**
 * Adding someone to one's group by email tells nothing about whether an account uses the address,
 * and disturbs no one: joining only adds rights, so open sockets stay open.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addRows, DatasetView } from "../../shared/dataset/index.ts";
import type { ColumnId } from "../../shared/ids.ts";
import { browserLikeClient } from "../test/mailbox.ts";
import {
  connectClient,
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestServer,
  tempDataDir,
  whenAcknowledged,
} from "../test/testServer.ts";

describe("group membership by email", () => {
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

  const as = (cookie: string) => {
    const api = browserLikeClient(server.url);
    const [name = "", value = ""] = cookie.split("=");
    api.jar.set(name, value);
    return api;
  };

  it("answers the same for an address with an account and one without", async () => {
    const alice = await createUserSession(data.dir);
    const bob = await createUserSession(data.dir);
    const api = as(alice.cookie);
    const group = await api.request("/api/groups", { method: "POST", body: { name: "Volunteers" } });
    const add = (email: string) =>
      api.request(`/api/groups/${group.body?.id}/members`, { method: "POST", body: { email } });

    const existing = await add(bob.user.email);
    const unknown = await add("nobody-at-all@example.test");
    expect({ status: unknown.status, body: unknown.body }).toEqual({ status: existing.status, body: existing.body });
    expect(existing.status).toBe(204);
  });

  it("adding a member, and adding them again, leaves their open sockets alone", async () => {
    const alice = await createUserSession(data.dir);
    const bob = await createUserSession(data.dir);
    const dataset = await createDatasetViaApi(
      server,
      { title: "Bob's", columns: [{ name: "Name" }] },
      { openness: "private", cookie: bob.cookie },
    );
    const client = await connectClient(server.wsUrl, dataset.documentName, undefined, { cookie: bob.cookie });
    const api = as(alice.cookie);
    const group = await api.request("/api/groups", { method: "POST", body: { name: "Hub" } });
    for (let i = 0; i < 2; i++) {
      const added = await api.request(`/api/groups/${group.body?.id}/members`, {
        method: "POST",
        body: { email: bob.user.email },
      });
      expect(added.status).toBe(204);
    }
    const groups = (await api.request("/api/groups")).body?.groups as { members: { id: string }[] }[];
    expect(groups[0]?.members.map((m) => m.id).sort()).toEqual([alice.user.id, bob.user.id].sort());

    // A round trip on the socket after the answers: a close would have been sent before them.
    const view = new DatasetView(client.doc);
    const [name] = view.columns().map((c) => c.id) as [ColumnId];
    addRows(client.doc, [{ cells: { [name]: "still here" } }], view.gapAtEnd(), "test");
    await whenAcknowledged(client);
    expect(client.closes).toEqual([]);
    view.destroy();
    client.provider.destroy();
  });
});
