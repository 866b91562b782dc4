import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeEvents } from "../../shared/closeEvents.ts";
import { DatasetView, insertRows } from "../../shared/dataset/index.ts";
import type { ColumnId } from "../../shared/ids.ts";
import { browserLikeClient, startMailbox } from "../test/mailbox.ts";
import {
  connectClient,
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestServer,
  tempDataDir,
  waitFor,
  whenAcknowledged,
} from "../test/testServer.ts";

describe("members, invitations, workspaces and tokens", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;

  beforeAll(async () => {
    data = tempDataDir();
    mailbox = await startMailbox();
    server = await startTestServer(data.dir, { SMTP_URL: mailbox.smtpUrl });
  });
  afterAll(async () => {
    await server.close();
    await mailbox.close();
    data.remove();
  });

  const as = (cookie: string) => {
    const client = browserLikeClient(server.url);
    const [name = "", value = ""] = cookie.split("=");
    client.jar.set(name, value);
    return client;
  };

  it("invites by email; the invitee accepts once and edits; the owner sees members and cannot remove the last owner", async () => {
    const owner = await createUserSession(data.dir, "owner-a@example.test");
    const dataset = await createDatasetViaApi(
      server,
      { title: "Repair cafés", columns: [{ name: "Name" }] },
      { openness: "private", cookie: owner.cookie },
    );
    const ownerApi = as(owner.cookie);
    const invited = await ownerApi.request(`/api/datasets/${dataset.id}/invitations`, {
      method: "POST",
      body: { email: "guest@example.test", role: "editor" },
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toEqual({
      id: expect.any(String),
      email: "guest@example.test",
      role: "editor",
      emailSent: true,
    });
    const { mail, link } = await mailbox.mail("guest@example.test", 1);
    expect(mail.subject).toContain("Repair cafés");
    expect(link?.startsWith(`${server.url}/invitation?token=`)).toBe(true);
    const token = new URL(link as string).searchParams.get("token");

    const guest = await createUserSession(data.dir, "guest@example.test");
    const guestApi = as(guest.cookie);
    expect((await guestApi.request(`/api/datasets/${dataset.id}`)).status).toBe(404);
    expect(
      (await browserLikeClient(server.url).request("/api/invitations/accept", { method: "POST", body: { token } }))
        .status,
    ).toBe(401);
    const accepted = await guestApi.request("/api/invitations/accept", { method: "POST", body: { token } });
    expect(accepted).toMatchObject({ status: 200, body: { id: dataset.id, role: "editor" } });
    expect((await guestApi.request("/api/invitations/accept", { method: "POST", body: { token } })).status).toBe(400);

    const client = await connectClient(server.wsUrl, dataset.documentName, undefined, { cookie: guest.cookie });
    const view = new DatasetView(client.doc);
    const [name] = view.columns().map((c) => c.id) as [ColumnId];
    insertRows(client.doc, [{ cells: { [name]: "added by the guest" } }], view.gapAtEnd(), "guest");
    await whenAcknowledged(client);
    client.provider.destroy();

    const members = await ownerApi.request(`/api/datasets/${dataset.id}/members`);
    expect(
      ((members.body?.members ?? []) as { email: string; role: string }[]).map((m) => [m.email, m.role]).sort(),
    ).toEqual([
      ["guest@example.test", "editor"],
      ["owner-a@example.test", "owner"],
    ]);
    const removeLastOwner = await ownerApi.request(`/api/datasets/${dataset.id}/members/users/${owner.user.id}`, {
      method: "DELETE",
    });
    expect(removeLastOwner).toMatchObject({ status: 409, body: { error: "last-owner" } });

    const pending = await ownerApi.request(`/api/datasets/${dataset.id}/invitations`, {
      method: "POST",
      body: { email: "late@example.test", role: "reader" },
    });
    await ownerApi.request(`/api/datasets/${dataset.id}/invitations/${pending.body?.id}`, { method: "DELETE" });
    const revokedLink = (await mailbox.mail("late@example.test", 1)).link as string;
    const late = await createUserSession(data.dir, "late@example.test");
    const lateAccept = await as(late.cookie).request("/api/invitations/accept", {
      method: "POST",
      body: { token: new URL(revokedLink).searchParams.get("token") },
    });
    expect(lateAccept.status).toBe(400);
  });

  it("applies a role change to open connections at once: the socket closes and the reconnection gets the new rights", async () => {
    const owner = await createUserSession(data.dir);
    const dataset = await createDatasetViaApi(
      server,
      { title: "T", columns: [{ name: "Name" }] },
      { openness: "private", cookie: owner.cookie },
    );
    const member = await createUserSession(data.dir);
    const ownerApi = as(owner.cookie);
    await ownerApi.request(`/api/datasets/${dataset.id}/members/users/${member.user.id}`, {
      method: "PUT",
      body: { role: "editor" },
    });
    const client = await connectClient(server.wsUrl, dataset.documentName, undefined, { cookie: member.cookie });
    expect(client.provider.authorizedScope).toBe("read-write");

    const socketClosed = new Promise<number>((resolve) =>
      client.provider.configuration.websocketProvider.on("close", ({ event }: { event: { code: number } }) =>
        resolve(event.code),
      ),
    );
    await ownerApi.request(`/api/datasets/${dataset.id}/members/users/${member.user.id}`, {
      method: "PUT",
      body: { role: "reader" },
    });
    expect(await socketClosed).toBe(closeEvents.rightsChanged.code);
    await waitFor(() => expect(client.provider.authorizedScope).toBe("readonly"));

    const refused = new Promise<string>((resolve) =>
      client.provider.on("authenticationFailed", ({ reason }: { reason: string }) => resolve(reason)),
    );
    await ownerApi.request(`/api/datasets/${dataset.id}/members/users/${member.user.id}`, { method: "DELETE" });
    expect(await refused).toBe(closeEvents.notFound.reason);
    client.provider.destroy();
  });

  it("lists workspaces with their datasets, moves a dataset to a group's workspace, and shares it with the group", async () => {
    const alice = await createUserSession(data.dir);
    const bob = await createUserSession(data.dir);
    const aliceApi = as(alice.cookie);
    const dataset = await createDatasetViaApi(
      server,
      { title: "Moving", columns: [] },
      { openness: "private", cookie: alice.cookie },
    );
    const group = await aliceApi.request("/api/groups", { method: "POST", body: { name: "Hub BFC" } });
    await aliceApi.request(`/api/groups/${group.body?.id}/members`, {
      method: "POST",
      body: { email: bob.user.email },
    });
    const groups = await aliceApi.request("/api/groups");
    expect(groups.body?.groups).toMatchObject([
      {
        name: "Hub BFC",
        members: expect.arrayContaining([expect.objectContaining({ id: bob.user.id, email: bob.user.email })]),
      },
    ]);
    const workspace = await aliceApi.request("/api/workspaces", {
      method: "POST",
      body: { name: "Hub BFC data", groupId: group.body?.id },
    });
    expect(workspace.status).toBe(201);
    expect((await as(bob.cookie).request(`/api/datasets/${dataset.id}`)).status).toBe(404);

    const moved = await aliceApi.request(`/api/datasets/${dataset.id}/workspace`, {
      method: "PUT",
      body: { workspaceId: workspace.body?.id },
    });
    expect(moved.status).toBe(200);
    // Bob is in the group that owns the workspace: he now owns the dataset too.
    const bobView = await as(bob.cookie).request(`/api/datasets/${dataset.id}`);
    expect(bobView).toMatchObject({ status: 200, body: { role: "owner" } });
    const list = await as(bob.cookie).request("/api/workspaces");
    const shared = ((list.body?.workspaces ?? []) as { name: string; datasets: { id: string }[] }[]).find(
      (w) => w.name === "Hub BFC data",
    );
    expect(shared?.datasets.map((d) => d.id)).toEqual([dataset.id]);

    // Leaving the group takes the rights away at once, on open connections too.
    const bobClient = await connectClient(server.wsUrl, dataset.documentName, undefined, { cookie: bob.cookie });
    const refused = new Promise<string>((resolve) =>
      bobClient.provider.on("authenticationFailed", ({ reason }: { reason: string }) => resolve(reason)),
    );
    await aliceApi.request(`/api/groups/${group.body?.id}/members/${bob.user.id}`, { method: "DELETE" });
    expect(await refused).toBe(closeEvents.notFound.reason);
    bobClient.provider.destroy();
    expect((await as(bob.cookie).request(`/api/datasets/${dataset.id}`)).status).toBe(404);

    const stranger = await createUserSession(data.dir);
    const intoForeign = await as(stranger.cookie).request("/api/datasets", {
      method: "POST",
      body: { title: "x", workspaceId: workspace.body?.id },
    });
    expect(intoForeign.status).toBe(403);
  });

  it("shows a token once, lists it without its secret, and refuses it once revoked", async () => {
    const owner = await createUserSession(data.dir);
    const dataset = await createDatasetViaApi(
      server,
      { title: "T", columns: [] },
      { openness: "private", cookie: owner.cookie },
    );
    const api = as(owner.cookie);
    const created = await api.request("/api/account/tokens", {
      method: "POST",
      body: { name: "sync script", scope: "read", datasetIds: [dataset.id] },
    });
    const token = created.body?.token as string;
    expect(token).toMatch(/^dp_/);
    const read = () =>
      fetch(`${server.url}/api/datasets/${dataset.id}/rows`, { headers: { authorization: `Bearer ${token}` } });
    expect((await read()).status).toBe(200);
    const listed = await api.request("/api/account/tokens");
    const [entry] = (listed.body?.tokens ?? []) as Record<string, unknown>[];
    expect(entry).toMatchObject({ name: "sync script", scope: "read" });
    expect(entry?.lastUsedAt).toBeTruthy();
    expect(JSON.stringify(listed.body)).not.toContain(token.split(".")[1]);

    expect((await api.request(`/api/account/tokens/${entry?.id}`, { method: "DELETE" })).status).toBe(204);
    const revoked = await read();
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: "invalid-token" });
    const refused = connectClient(server.wsUrl, dataset.documentName, undefined, { token });
    await expect(refused).rejects.toThrow(closeEvents.forbidden.reason);
  });
});
