/**
 * Ending a credential through the HTTP API closes, at once, the open sockets opened with it and
 * only those; what the closed socket writes afterwards never reaches the server's document.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocketClass from "ws";
import type { DatasetSummary } from "../../shared/api/datasets.ts";
import { closeEvents } from "../../shared/closeEvents.ts";
import { addRows, DatasetView } from "../../shared/dataset/index.ts";
import type { ColumnId } from "../../shared/ids.ts";
import { browserLikeClient, startMailbox } from "../test/mailbox.ts";
import {
  connectClient,
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestClient,
  type TestServer,
  tempDataDir,
  waitFor,
  whenAcknowledged,
} from "../test/testServer.ts";

type Api = ReturnType<typeof browserLikeClient>;
type WebSocket = WebSocketClass & { _socket: import("node:net").Socket };

const PASSWORD = "correct horse battery";

describe("credentials end sockets", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    data = tempDataDir();
    mailbox = await startMailbox();
    server = await startTestServer(data.dir, { SMTP_URL: mailbox.smtpUrl, AUTH_ATTEMPTS_PER_MINUTE: "1000" });
  });
  afterAll(async () => {
    for (const client of clients) client.provider.destroy();
    await server.close();
    await mailbox.close();
    data.remove();
  });

  const as = (cookie: string): Api => {
    const api = browserLikeClient(server.url);
    const [name = "", value = ""] = cookie.split("=");
    api.jar.set(name, value);
    return api;
  };
  const cookieOf = (api: Api) => [...api.jar].map(([k, v]) => `${k}=${v}`).join("; ");

  /** A private dataset of someone else's, on which `userId` is an editor; and a way to read it as its owner. */
  async function datasetEditableBy(userId: string) {
    const owner = await createUserSession(data.dir);
    const dataset = await createDatasetViaApi(
      server,
      { title: "Shared", columns: [{ name: "Name" }] },
      { openness: "private", cookie: owner.cookie },
    );
    const granted = await as(owner.cookie).request(`/api/datasets/${dataset.id}/members/users/${userId}`, {
      method: "PUT",
      body: { role: "editor" },
    });
    expect(granted.status).toBe(200);
    return { dataset, owner };
  }

  async function open(dataset: DatasetSummary, credential: { cookie?: string; token?: string }) {
    const client = await connectClient(server.wsUrl, dataset.documentName, undefined, credential);
    clients.push(client);
    expect(client.provider.authorizedScope).toBe("read-write");
    return client;
  }

  const write = (client: TestClient, text: string) => {
    const view = new DatasetView(client.doc);
    const [name] = view.columns().map((c) => c.id) as [ColumnId];
    addRows(client.doc, [{ cells: { [name]: text } }], view.gapAtEnd(), "test");
    view.destroy();
  };

  /** What a fresh client of the owner reads. */
  async function textsOnServer(dataset: DatasetSummary, ownerCookie: string) {
    const fresh = await connectClient(server.wsUrl, dataset.documentName, undefined, { cookie: ownerCookie });
    const view = new DatasetView(fresh.doc);
    const texts = view.rowsInOrder().flatMap((row) => Object.values(row.cells));
    view.destroy();
    fresh.provider.destroy();
    return texts;
  }

  /** Waits until the socket is closed as revoked and its reconnection is refused; then writes on it. */
  async function expectRevokedAndWrite(client: TestClient, text: string) {
    const refused = new Promise<string>((resolve) =>
      client.provider.on("authenticationFailed", ({ reason }: { reason: string }) => resolve(reason)),
    );
    await waitFor(() =>
      expect(client.closes).toContainEqual({
        code: closeEvents.credentialsRevoked.code,
        reason: closeEvents.credentialsRevoked.reason,
      }),
    );
    write(client, text);
    return refused;
  }

  async function signInAgain(email: string) {
    const api = browserLikeClient(server.url);
    expect(
      (await api.request("/api/auth/sign-in", { method: "POST", body: { email, password: PASSWORD } })).status,
    ).toBe(200);
    return api;
  }

  async function signUpAndSignIn(email: string, password: string) {
    const api = browserLikeClient(server.url);
    await api.request("/api/auth/sign-up", { method: "POST", body: { email, password, name: "Pat", language: "en" } });
    const { link } = await mailbox.mail(email, 1);
    const token = new URL(link ?? "http://x").searchParams.get("token");
    expect((await api.request("/api/auth/verify-email", { method: "POST", body: { token } })).status).toBe(200);
    const signIn = await api.request("/api/auth/sign-in", { method: "POST", body: { email, password } });
    const user = signIn.body?.user as { id: string };
    return { api, userId: user.id };
  }

  it("revoking an API token closes the sockets opened with it, not the person's others", async () => {
    const person = await createUserSession(data.dir);
    const { dataset, owner } = await datasetEditableBy(person.user.id);
    const api = as(person.cookie);
    const created = await api.request("/api/account/tokens", {
      method: "POST",
      body: { name: "script", scope: "write", datasetIds: [dataset.id] },
    });
    const viaToken = await open(dataset, { token: created.body?.token as string });
    const viaCookie = await open(dataset, { cookie: person.cookie });
    write(viaToken, "before revocation");
    await whenAcknowledged(viaToken);

    expect((await api.request(`/api/account/tokens/${created.body?.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await expectRevokedAndWrite(viaToken, "after revocation")).toBe(closeEvents.forbidden.reason);

    write(viaCookie, "through the session");
    await whenAcknowledged(viaCookie);
    expect(viaCookie.closes).toEqual([]);
    const texts = await textsOnServer(dataset, owner.cookie);
    expect(texts).toEqual(expect.arrayContaining(["before revocation", "through the session"]));
    expect(texts).not.toContain("after revocation");
  });

  it("signing out closes the sockets of that session only, not the person's other devices", async () => {
    const { api: laptop, userId } = await signUpAndSignIn("pat-out@example.test", PASSWORD);
    const phone = await signInAgain("pat-out@example.test");
    const { dataset, owner } = await datasetEditableBy(userId);
    const onLaptop = await open(dataset, { cookie: cookieOf(laptop) });
    const onPhone = await open(dataset, { cookie: cookieOf(phone) });

    expect((await laptop.request("/api/auth/sign-out", { method: "POST" })).status).toBe(204);
    // Reconnecting with the ended session is reconnecting as a visitor: the private dataset is not found.
    expect(await expectRevokedAndWrite(onLaptop, "after sign-out")).toBe(closeEvents.notFound.reason);

    write(onPhone, "from the phone");
    await whenAcknowledged(onPhone);
    expect(onPhone.closes).toEqual([]);
    const texts = await textsOnServer(dataset, owner.cookie);
    expect(texts).toContain("from the phone");
    expect(texts).not.toContain("after sign-out");
  });

  it("changing the password closes the sockets of the sessions it ends, not the one it was changed from", async () => {
    const { api: here, userId } = await signUpAndSignIn("pat-password@example.test", PASSWORD);
    const elsewhere = await signInAgain("pat-password@example.test");
    const { dataset, owner } = await datasetEditableBy(userId);
    const kept = await open(dataset, { cookie: cookieOf(here) });
    const ended = await open(dataset, { cookie: cookieOf(elsewhere) });

    const changed = await here.request("/api/account/password", {
      method: "POST",
      body: { currentPassword: PASSWORD, newPassword: "another long passphrase" },
    });
    expect(changed.status).toBe(200);
    expect(await expectRevokedAndWrite(ended, "after the password change")).toBe(closeEvents.notFound.reason);

    write(kept, "from the session that changed it");
    await whenAcknowledged(kept);
    expect(kept.closes).toEqual([]);
    const texts = await textsOnServer(dataset, owner.cookie);
    expect(texts).toContain("from the session that changed it");
    expect(texts).not.toContain("after the password change");
  });

  it("deleting the account closes every socket of the person, by session or by token", async () => {
    const { api, userId } = await signUpAndSignIn("pat-gone@example.test", PASSWORD);
    const { dataset, owner } = await datasetEditableBy(userId);
    const created = await api.request("/api/account/tokens", {
      method: "POST",
      body: { name: "script", scope: "write", datasetIds: [dataset.id] },
    });
    const viaCookie = await open(dataset, { cookie: cookieOf(api) });
    const viaToken = await open(dataset, { token: created.body?.token as string });
    const bystander = await connectClient(server.wsUrl, dataset.documentName, undefined, { cookie: owner.cookie });
    clients.push(bystander);

    expect((await api.request("/api/account", { method: "DELETE", body: { password: PASSWORD } })).status).toBe(204);
    const [cookieRefusal, tokenRefusal] = await Promise.all([
      expectRevokedAndWrite(viaCookie, "after deletion, by session"),
      expectRevokedAndWrite(viaToken, "after deletion, by token"),
    ]);
    expect([cookieRefusal, tokenRefusal]).toEqual([closeEvents.notFound.reason, closeEvents.forbidden.reason]);

    expect(bystander.closes).toEqual([]);
    const texts = await textsOnServer(dataset, owner.cookie);
    expect(texts).not.toContain("after deletion, by session");
    expect(texts).not.toContain("after deletion, by token");
  });

  it("what a socket still sends after the server closed it (not reading the close) is dropped", async () => {
    const { api, userId } = await signUpAndSignIn("pat-deaf@example.test", PASSWORD);
    const { dataset, owner } = await datasetEditableBy(userId);
    const deaf = await open(dataset, { cookie: cookieOf(api) });
    // The client stops reading: the server's close frame waits unread and the client's socket stays open.
    const socket = deaf.provider.configuration.websocketProvider.webSocket as unknown as WebSocket;
    socket._socket.pause();

    expect((await api.request("/api/auth/sign-out", { method: "POST" })).status).toBe(204);
    write(deaf, "sent after the close");
    const refused = new Promise<string>((resolve) =>
      deaf.provider.on("authenticationFailed", ({ reason }: { reason: string }) => resolve(reason)),
    );
    // Reading again, it sees the close (after its write, on the same connection) and reconnects as a visitor.
    socket._socket.resume();
    expect(await refused).toBe(closeEvents.notFound.reason);
    expect(deaf.closes[0]?.code).toBe(closeEvents.credentialsRevoked.code);
    expect(await textsOnServer(dataset, owner.cookie)).not.toContain("sent after the close");
  });
});
