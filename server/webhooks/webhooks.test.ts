/**
 * Webhooks against a real receiver on loopback: Standard Webhooks signatures checked with the
 * library, debounced data-change events with what changed, proposal decisions, retries with
 * backoff and the delivery log, a restart, SSRF refusals, a slow receiver, and who may manage them.
 */
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WebhookDelivery, WebhookEndpoint } from "../../shared/api/webhooks.ts";
import { startMailbox } from "../test/mailbox.ts";
import { call, helpPoints } from "../test/proposals.ts";
import { serverForEachTest } from "../test/serverForEachTest.ts";
import {
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestServer,
  tempDataDir,
  waitFor,
} from "../test/testServer.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../test/webhookReceiver.ts";
import { postWebhook } from "./postWebhook.ts";

const env = {
  WEBHOOK_ALLOW_LOCAL_ADDRESSES: "true",
  WEBHOOK_RETRY_BASE_MS: "200",
  WEBHOOK_DEBOUNCE_MS: "1500",
  SNAPSHOT_DELAY_MS: "50",
};

const receivers: WebhookReceiver[] = [];
async function receiver() {
  const started = await startWebhookReceiver();
  receivers.push(started);
  return started;
}
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

type Owner = { cookie: string };

async function addWebhook(server: TestServer, owner: Owner, datasetId: string, url: string, events?: string[]) {
  const answer = await call(server, "POST", `/api/datasets/${datasetId}/webhooks`, {
    headers: { cookie: owner.cookie },
    body: { url, events: events ?? ["dataset.changed", "proposal.decided"] },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as { endpoint: { id: string }; secret: string };
}

async function deliveries(server: TestServer, owner: Owner, datasetId: string, webhookId: string) {
  const answer = await call(server, "GET", `/api/datasets/${datasetId}/webhooks/${webhookId}/deliveries`, {
    headers: { cookie: owner.cookie },
  });
  expect(answer.status).toBe(200);
  return answer.body.deliveries as WebhookDelivery[];
}

const verified = (secret: string, r: { headers: Record<string, unknown>; body: string }) =>
  new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as {
    type: string;
    data: Record<string, unknown>;
  };

async function ownedDataset(server: TestServer) {
  const owner = await createUserSession(server.dataDir);
  const dataset = await createDatasetViaApi(
    server,
    { title: "Repair cafés", columns: [{ name: "Name" }, { name: "City" }] },
    { openness: "private", cookie: owner.cookie },
  );
  return { owner, dataset };
}

describe("webhooks", () => {
  const test = serverForEachTest(env);

  it("signs each request as Standard Webhooks says: the library verifies it with the secret shown once", async () => {
    const { server } = test;
    const hooks = await receiver();
    const { owner, dataset } = await ownedDataset(server);
    const { endpoint, secret } = await addWebhook(server, owner, dataset.id, hooks.url);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const listed = await call(server, "GET", `/api/datasets/${dataset.id}/webhooks`, {
      headers: { cookie: owner.cookie },
    });
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(6, 20));

    const sent = await call(server, "POST", `/api/datasets/${dataset.id}/webhooks/${endpoint.id}/test`, {
      headers: { cookie: owner.cookie },
    });
    expect(sent.status).toBe(202);
    const [request] = await waitFor(() => {
      expect(hooks.received).toHaveLength(1);
      return hooks.received;
    });
    const payload = verified(secret, request as never);
    expect(payload).toMatchObject({ type: "webhook.test", data: { datasetId: dataset.id } });
    expect(request?.headers["webhook-id"]).toBe((sent.body.delivery as WebhookDelivery).messageId);
    // A body changed on the way, or another secret, does not verify.
    expect(() => verified(secret, { headers: request?.headers ?? {}, body: `${request?.body} ` })).toThrow();
    expect(() => verified(`whsec_${Buffer.alloc(32, 1).toString("base64")}`, request as never)).toThrow();

    const log = await waitFor(async () => {
      const [entry] = await deliveries(server, owner, dataset.id, endpoint.id);
      expect(entry?.status).toBe("delivered");
      return entry;
    });
    expect(log).toMatchObject({
      event: "webhook.test",
      statusCode: 200,
      attempts: 1,
      error: null,
      nextAttemptAt: null,
    });
  });

  it("a new secret replaces the old one: later requests verify with it only", async () => {
    const { server } = test;
    const hooks = await receiver();
    const { owner, dataset } = await ownedDataset(server);
    const { endpoint, secret: old } = await addWebhook(server, owner, dataset.id, hooks.url);
    const rotated = await call(server, "POST", `/api/datasets/${dataset.id}/webhooks/${endpoint.id}/secret`, {
      headers: { cookie: owner.cookie },
    });
    expect(rotated.status).toBe(200);
    const secret = rotated.body.secret as string;
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(old);
    await call(server, "POST", `/api/datasets/${dataset.id}/webhooks/${endpoint.id}/test`, {
      headers: { cookie: owner.cookie },
    });
    const [request] = await waitFor(() => {
      expect(hooks.received).toHaveLength(1);
      return hooks.received;
    });
    expect(verified(secret, request as never).type).toBe("webhook.test");
    expect(() => verified(old, request as never)).toThrow();
  });

  it("tells a burst of edits as one event, with the rows and columns changed and the new snapshot version", async () => {
    const { server } = test;
    const hooks = await receiver();
    const { owner, dataset } = await ownedDataset(server);
    const rowsAnswer = await fetch(`${server.url}/api/datasets/${dataset.id}`, { headers: { cookie: owner.cookie } });
    const [name, city] = ((await rowsAnswer.json()) as { columns: { id: string }[] }).columns.map((c) => c.id);
    const { secret } = await addWebhook(server, owner, dataset.id, hooks.url, ["dataset.changed"]);
    const token = await writeToken(server, owner, dataset.id);
    const added = await v1(server, token, "POST", `/api/v1/datasets/${dataset.id}/rows`, {
      rows: [{ cells: { [name as string]: "Atelier" } }, { cells: { [name as string]: "Garage" } }],
    });
    const [first, second] = (added.rows as { id: string }[]).map((r) => r.id) as [string, string];
    // Several edits in quick succession: one event.
    await v1(server, token, "PATCH", `/api/v1/datasets/${dataset.id}/rows/${first}`, {
      cells: { [city as string]: "Lyon" },
    });
    await v1(server, token, "DELETE", `/api/v1/datasets/${dataset.id}/rows/${second}`);

    const [event] = await waitFor(() => {
      expect(hooks.of("dataset.changed").length).toBeGreaterThan(0);
      return hooks.of("dataset.changed");
    }, 20_000);
    const payload = verified(secret, event as never);
    expect(payload.data).toMatchObject({
      datasetId: dataset.id,
      rows: { changed: [first], deleted: [second] },
      columns: [city],
      bulkInserts: 1,
      rowCount: 1,
      truncated: false,
    });
    const published = await fetch(`${server.url}/api/v1/datasets/${dataset.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(payload.data.version).toBe(((await published.json()) as { snapshot: { version: string } }).snapshot.version);
    expect(payload.data.snapshot).toBe(`${server.url}/api/v1/datasets/${dataset.id}/snapshot.json`);

    // A later edit makes the next event, which tells only that edit.
    await v1(server, token, "PATCH", `/api/v1/datasets/${dataset.id}/rows/${first}`, {
      cells: { [name as string]: "Atelier vélo" },
    });
    const next = await waitFor(() => {
      expect(hooks.of("dataset.changed")).toHaveLength(2);
      return hooks.of("dataset.changed")[1];
    }, 20_000);
    expect(verified(secret, next as never).data).toMatchObject({
      rows: { changed: [first], deleted: [] },
      columns: [name],
      bulkInserts: 0,
    });
  });

  it("a dataset's new endpoint hears of changes from its creation on, even after an earlier one was deleted", async () => {
    const { server } = test;
    const hooks = await receiver();
    const { owner, dataset } = await ownedDataset(server);
    const details = await fetch(`${server.url}/api/datasets/${dataset.id}`, { headers: { cookie: owner.cookie } });
    const [name] = ((await details.json()) as { columns: { id: string }[] }).columns.map((c) => c.id);
    const token = await writeToken(server, owner, dataset.id);
    const addRow = async (value: string) =>
      (
        (await v1(server, token, "POST", `/api/v1/datasets/${dataset.id}/rows`, {
          rows: [{ cells: { [name as string]: value } }],
        })) as { rows: { id: string }[] }
      ).rows[0]?.id as string;
    const early = await addRow("Before any webhook");
    const first = await addWebhook(server, owner, dataset.id, "http://127.0.0.1:9/old", ["dataset.changed"]);
    const removed = await call(server, "DELETE", `/api/datasets/${dataset.id}/webhooks/${first.endpoint.id}`, {
      headers: { cookie: owner.cookie },
    });
    expect(removed.status).toBe(204);
    const between = await v1(server, token, "PATCH", `/api/v1/datasets/${dataset.id}/rows/${early}`, {
      cells: { [name as string]: "While no webhook" },
    });
    expect(between).toMatchObject({ id: early });
    await addWebhook(server, owner, dataset.id, hooks.url, ["dataset.changed"]);
    const late = await addRow("After");
    const [event] = await waitFor(() => {
      expect(hooks.of("dataset.changed")).toHaveLength(1);
      return hooks.of("dataset.changed");
    }, 20_000);
    expect(event?.json.data).toMatchObject({ rows: { changed: [], deleted: [] }, bulkInserts: 1, changes: 1 });
    expect(JSON.stringify(event?.json.data)).not.toContain(early);
    expect(late).toBeTruthy();
  });

  it("tells proposal decisions, accepted and rejected", async () => {
    const { server } = test;
    const hooks = await receiver();
    const points = await helpPoints(server);
    test.later(() => points.live.provider.destroy());
    const owner = points.owner;
    const { secret } = await addWebhook(server, owner, points.dataset.id, hooks.url, ["proposal.decided"]);
    const propose = async (value: string) => {
      const answer = await call(server, "POST", `/api/datasets/${points.dataset.id}/change-sets`, {
        body: {
          cells: [{ rowId: points.rows[0], columnId: points.columns.phone, base: "01 00 00", value }],
          nickname: "Sam",
        },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      return answer.body.proposal as { number: number; id: string };
    };
    const one = await propose("01 23 45");
    const two = await propose("09 99 99");
    expect(
      (
        await points.moderator("POST", `/api/datasets/${points.dataset.id}/proposals/${one.number}/decisions`, {
          all: "accept",
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await points.moderator("POST", `/api/datasets/${points.dataset.id}/proposals/${two.number}/decisions`, {
          all: "reject",
          message: "Already fixed",
        })
      ).status,
    ).toBe(200);
    const events = await waitFor(() => {
      expect(hooks.of("proposal.decided")).toHaveLength(2);
      return hooks.of("proposal.decided").map((r) => verified(secret, r as never).data);
    });
    const changeId = `cell:${points.rows[0]}:${points.columns.phone}`;
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          proposal: expect.objectContaining({ id: one.id, number: one.number, status: "accepted", nickname: "Sam" }),
          accepted: [changeId],
          rejected: [],
        }),
        expect.objectContaining({
          proposal: expect.objectContaining({ id: two.id, status: "rejected", decisionMessage: "Already fixed" }),
          accepted: [],
          rejected: [changeId],
        }),
      ]),
    );
    expect(JSON.stringify(events)).not.toContain("@");
  });

  it("retries a receiver that is down with backoff, and delivers once it is up; the log shows the attempts", async () => {
    const { server } = test;
    const hooks = await receiver();
    await hooks.down();
    const { owner, dataset } = await ownedDataset(server);
    const { endpoint } = await addWebhook(server, owner, dataset.id, hooks.url);
    const sent = await call(server, "POST", `/api/datasets/${dataset.id}/webhooks/${endpoint.id}/test`, {
      headers: { cookie: owner.cookie },
    });
    const failing = await waitFor(async () => {
      const [entry] = await deliveries(server, owner, dataset.id, endpoint.id);
      expect(entry?.attempts).toBeGreaterThanOrEqual(2);
      return entry as WebhookDelivery;
    });
    expect(failing).toMatchObject({
      status: "pending",
      statusCode: null,
      error: "The receiver refused the connection.",
    });
    // Backoff: each wait is longer than the one before.
    expect(
      Date.parse(failing.nextAttemptAt as string) - Date.parse(failing.lastAttemptAt as string),
    ).toBeGreaterThanOrEqual(200 * 2 ** (failing.attempts - 1) - 5);

    await hooks.up();
    const delivered = await waitFor(async () => {
      const [entry] = await deliveries(server, owner, dataset.id, endpoint.id);
      expect(entry?.status).toBe("delivered");
      return entry as WebhookDelivery;
    }, 20_000);
    expect(delivered.attempts).toBeGreaterThan(failing.attempts);
    expect(delivered).toMatchObject({ statusCode: 200, error: null, errorCode: null, nextAttemptAt: null });
    expect(hooks.received).toHaveLength(1);
    expect(hooks.received[0]?.headers["webhook-id"]).toBe((sent.body.delivery as WebhookDelivery).messageId);
  });

  it("does not follow redirects, and keeps the receiver's status in the log", async () => {
    const { server } = test;
    const hooks = await receiver();
    hooks.state.status = 302;
    hooks.state.location = "http://169.254.169.254/latest/meta-data/";
    const { owner, dataset } = await ownedDataset(server);
    const { endpoint } = await addWebhook(server, owner, dataset.id, hooks.url);
    await call(server, "POST", `/api/datasets/${dataset.id}/webhooks/${endpoint.id}/test`, {
      headers: { cookie: owner.cookie },
    });
    const [entry] = await waitFor(async () => {
      const log = await deliveries(server, owner, dataset.id, endpoint.id);
      expect(log[0]?.attempts).toBeGreaterThanOrEqual(1);
      return log;
    });
    expect(entry).toMatchObject({ status: "pending", statusCode: 302, errorCode: "redirect" });
    expect(entry?.error).toContain("redirects are not followed");
  });

  it("a slow receiver does not slow edits", async () => {
    const { server } = test;
    const hooks = await receiver();
    hooks.state.hold = true;
    const { owner, dataset } = await ownedDataset(server);
    const { endpoint } = await addWebhook(server, owner, dataset.id, hooks.url);
    const token = await writeToken(server, owner, dataset.id);
    await call(server, "POST", `/api/datasets/${dataset.id}/webhooks/${endpoint.id}/test`, {
      headers: { cookie: owner.cookie },
    });
    await waitFor(() => expect(hooks.held).toHaveLength(1));
    const details = await fetch(`${server.url}/api/datasets/${dataset.id}`, { headers: { cookie: owner.cookie } });
    const [name] = ((await details.json()) as { columns: { id: string }[] }).columns.map((c) => c.id);
    for (let i = 0; i < 5; i++)
      await v1(server, token, "POST", `/api/v1/datasets/${dataset.id}/rows`, {
        rows: [{ cells: { [name as string]: `Row ${i}` } }],
      });
    // Every edit was answered while the receiver still holds the first request.
    expect(hooks.held).toHaveLength(1);
    hooks.release();
  });

  it("only the dataset's owners manage its webhooks: others get 403, or 404 if they cannot see it", async () => {
    const { server } = test;
    const { owner, dataset } = await ownedDataset(server);
    const { endpoint } = await addWebhook(server, owner, dataset.id, "http://127.0.0.1:9/hooks");
    const editor = await createUserSession(server.dataDir);
    const put = await call(server, "PUT", `/api/datasets/${dataset.id}/members/users/${editor.user.id}`, {
      headers: { cookie: owner.cookie },
      body: { role: "moderator" },
    });
    expect(put.status).toBe(200);
    const stranger = await createUserSession(server.dataDir);
    const base = `/api/datasets/${dataset.id}/webhooks`;
    const attempts: [string, string, unknown?][] = [
      ["GET", base],
      ["POST", base, { url: "http://127.0.0.1:9/x", events: ["dataset.changed"] }],
      ["PATCH", `${base}/${endpoint.id}`, { enabled: false }],
      ["DELETE", `${base}/${endpoint.id}`],
      ["POST", `${base}/${endpoint.id}/test`],
      ["POST", `${base}/${endpoint.id}/secret`],
      ["GET", `${base}/${endpoint.id}/deliveries`],
    ];
    for (const [method, path, body] of attempts) {
      expect((await call(server, method, path, { headers: { cookie: editor.cookie }, body })).status).toBe(403);
      expect((await call(server, method, path, { headers: { cookie: stranger.cookie }, body })).status).toBe(404);
      expect((await call(server, method, path, { body })).status).toBe(404);
    }
    // Another dataset's owner cannot reach this endpoint through their own dataset.
    const other = await ownedDataset(server);
    const across = await call(server, "DELETE", `/api/datasets/${other.dataset.id}/webhooks/${endpoint.id}`, {
      headers: { cookie: other.owner.cookie },
    });
    expect(across.status).toBe(404);
    const still = await call(server, "GET", base, { headers: { cookie: owner.cookie } });
    expect(still.body.endpoints).toHaveLength(1);
  });

  it("refuses bad input with a clear error", async () => {
    const { server } = test;
    const { owner, dataset } = await ownedDataset(server);
    const post = (body: unknown) =>
      call(server, "POST", `/api/datasets/${dataset.id}/webhooks`, { headers: { cookie: owner.cookie }, body });
    expect((await post({ url: "http://127.0.0.1:9/x", events: [] })).status).toBe(400);
    expect((await post({ url: "http://127.0.0.1:9/x", events: ["everything"] })).status).toBe(400);
    expect(await post({ url: "not a url", events: ["dataset.changed"] })).toMatchObject({
      status: 400,
      body: { error: "webhook-url-refused" },
    });
    expect(await post({ url: "http://user:pw@127.0.0.1:9/x", events: ["dataset.changed"] })).toMatchObject({
      status: 400,
      body: { error: "webhook-url-refused" },
    });
    for (let i = 0; i < 10; i++)
      expect((await post({ url: `http://127.0.0.1:9/${i}`, events: ["dataset.changed"] })).status).toBe(201);
    expect(await post({ url: "http://127.0.0.1:9/11", events: ["dataset.changed"] })).toMatchObject({
      status: 409,
      body: { error: "too-many-webhooks" },
    });
  });
});

describe("a receiver that keeps failing", () => {
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  beforeEach(async () => {
    mailbox = await startMailbox();
    data = tempDataDir();
    // Each delivery is given up after 2 attempts; 3 given up in a row pause the endpoint.
    server = await startTestServer(data.dir, {
      ...env,
      WEBHOOK_RETRY_BASE_MS: "20",
      WEBHOOK_MAX_ATTEMPTS: "2",
      WEBHOOK_PAUSE_AFTER_FAILURES: "3",
      SMTP_URL: mailbox.smtpUrl,
    });
  });
  afterEach(async () => {
    await server.close();
    await mailbox.close();
    data.remove();
  });

  const endpointOf = async (owner: Owner, datasetId: string, webhookId: string) => {
    const answer = await call(server, "GET", `/api/datasets/${datasetId}/webhooks`, {
      headers: { cookie: owner.cookie },
    });
    return (answer.body.endpoints as WebhookEndpoint[]).find((e) => e.id === webhookId) as WebhookEndpoint;
  };
  /** Sends a test event and waits until that delivery is given up or delivered. */
  async function sendTestUntilFinished(owner: Owner, datasetId: string, webhookId: string) {
    const sent = await call(server, "POST", `/api/datasets/${datasetId}/webhooks/${webhookId}/test`, {
      headers: { cookie: owner.cookie },
    });
    const { id } = sent.body.delivery as WebhookDelivery;
    return waitFor(async () => {
      const entry = (await deliveries(server, owner, datasetId, webhookId)).find((d) => d.id === id);
      expect(entry?.status).not.toBe("pending");
      return entry as WebhookDelivery;
    });
  }

  it("is paused after that many deliveries in a row were given up, and its owners are emailed how to resume it", async () => {
    const hooks = await receiver();
    hooks.state.status = 500;
    const { owner, dataset } = await ownedDataset(server);
    const { endpoint } = await addWebhook(server, owner, dataset.id, hooks.url);

    for (let i = 1; i <= 2; i++)
      expect((await sendTestUntilFinished(owner, dataset.id, endpoint.id)).status).toBe("failed");
    expect(await endpointOf(owner, dataset.id, endpoint.id)).toMatchObject({ enabled: true, suspendedAt: null });
    // A delivery that gets through ends the streak: two more failures do not pause it.
    hooks.state.status = 200;
    expect((await sendTestUntilFinished(owner, dataset.id, endpoint.id)).status).toBe("delivered");
    hooks.state.status = 500;
    for (let i = 1; i <= 2; i++)
      expect((await sendTestUntilFinished(owner, dataset.id, endpoint.id)).status).toBe("failed");
    expect((await endpointOf(owner, dataset.id, endpoint.id)).enabled).toBe(true);

    // The third in a row pauses it.
    expect((await sendTestUntilFinished(owner, dataset.id, endpoint.id)).status).toBe("failed");
    const paused = await waitFor(async () => {
      const found = await endpointOf(owner, dataset.id, endpoint.id);
      expect(found.enabled).toBe(false);
      return found;
    });
    expect(Date.parse(paused.suspendedAt as string)).toBeGreaterThan(Date.parse(paused.createdAt));
    const { mail } = await mailbox.mail(owner.user.email, 1);
    expect(mail.subject).toBe("Webhook paused on “Repair cafés”: its receiver kept failing");
    expect(mail.text).toContain(`the webhook to ${hooks.url}`);
    expect(mail.text).toContain("its last 3 deliveries failed");
    expect(mail.text).toContain(`Open the dataset's settings: ${server.url}/datasets/${dataset.id}/settings`);

    // Paused, it is sent nothing: an edit's event reaches the dataset's other webhook only.
    const other = await receiver();
    await addWebhook(server, owner, dataset.id, other.url, ["dataset.changed"]);
    const before = (await deliveries(server, owner, dataset.id, endpoint.id)).length;
    const token = await writeToken(server, owner, dataset.id);
    await v1(server, token, "POST", `/api/v1/datasets/${dataset.id}/rows`, { rows: [{ cells: {} }] });
    await waitFor(() => expect(other.of("dataset.changed")).toHaveLength(1), 20_000);
    expect(await deliveries(server, owner, dataset.id, endpoint.id)).toHaveLength(before);

    // The owner checks the receiver works again: a test goes out even while it is paused.
    hooks.state.status = 200;
    expect((await sendTestUntilFinished(owner, dataset.id, endpoint.id)).status).toBe("delivered");
    expect((await endpointOf(owner, dataset.id, endpoint.id)).enabled).toBe(false);

    // Resumed by its owner: no longer marked as paused by the server, and events go out again.
    const resumed = await call(server, "PATCH", `/api/datasets/${dataset.id}/webhooks/${endpoint.id}`, {
      headers: { cookie: owner.cookie },
      body: { enabled: true },
    });
    expect(resumed.body).toMatchObject({ enabled: true, suspendedAt: null });
    expect((await sendTestUntilFinished(owner, dataset.id, endpoint.id)).status).toBe("delivered");
  });
});

describe("webhook targets (SSRF rules of the import)", () => {
  const test = serverForEachTest({ SNAPSHOT_DELAY_MS: "50" });

  it("refuses loopback, private, link-local and metadata addresses, and plain http", async () => {
    const { server } = test;
    const { owner, dataset } = await ownedDataset(server);
    for (const url of [
      "https://127.0.0.1/hooks",
      "https://localhost/hooks",
      "https://10.0.0.1/hooks",
      "https://192.168.1.10/hooks",
      "https://[::1]/hooks",
      "https://[::ffff:127.0.0.1]/hooks",
      "https://169.254.169.254/latest/meta-data/",
      "http://example.org/hooks",
      "ftp://example.org/hooks",
    ]) {
      const answer = await call(server, "POST", `/api/datasets/${dataset.id}/webhooks`, {
        headers: { cookie: owner.cookie },
        body: { url, events: ["dataset.changed"] },
      });
      expect(answer.status, url).toBe(400);
      expect(answer.body.error, url).toBe("webhook-url-refused");
    }
  });

  it("checks again where the request connects: a name that now resolves to loopback is not reached", async () => {
    const hooks = await receiver();
    const rebinding = async () => [{ address: "127.0.0.1", family: 4 }];
    const posting = postWebhook({
      url: `https://hooks.example.org:${hooks.port()}/hooks`,
      messageId: "msg_1",
      payload: "{}",
      secret: `whsec_${Buffer.alloc(32, 7).toString("base64")}`,
      allowLocal: false,
      timeoutMs: 5_000,
      resolve: rebinding,
    });
    await expect(posting).rejects.toThrow(/loopback, private or reserved/);
    const metadata = postWebhook({
      url: "http://169.254.169.254/latest",
      messageId: "msg_2",
      payload: "{}",
      secret: `whsec_${Buffer.alloc(32, 7).toString("base64")}`,
      allowLocal: true,
      timeoutMs: 5_000,
    });
    await expect(metadata).rejects.toThrow(/link-local, metadata/);
    expect(hooks.received).toHaveLength(0);
  });
});

describe("webhooks across a restart", () => {
  it("a delivery queued before the server stopped is delivered after it starts again", async () => {
    const data = tempDataDir();
    const hooks = await receiver();
    hooks.state.status = 503;
    let server = await startTestServer(data.dir, { ...env, WEBHOOK_RETRY_BASE_MS: "1000" });
    try {
      const { owner, dataset } = await ownedDataset(server);
      const { endpoint, secret } = await addWebhook(server, owner, dataset.id, hooks.url);
      const sent = await call(server, "POST", `/api/datasets/${dataset.id}/webhooks/${endpoint.id}/test`, {
        headers: { cookie: owner.cookie },
      });
      await waitFor(async () => {
        const [entry] = await deliveries(server, owner, dataset.id, endpoint.id);
        expect(entry).toMatchObject({ attempts: 1, statusCode: 503, errorCode: "http-status", status: "pending" });
      });
      await server.close();

      hooks.state.status = 204;
      server = await startTestServer(data.dir, { ...env, WEBHOOK_RETRY_BASE_MS: "1000" });
      const log = await waitFor(async () => {
        const entries = await deliveries(server, owner, dataset.id, endpoint.id);
        expect(entries[0]?.status).toBe("delivered");
        return entries;
      }, 20_000);
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({
        messageId: (sent.body.delivery as WebhookDelivery).messageId,
        attempts: 2,
        statusCode: 204,
      });
      // The secret was kept sealed across the restart: the new server's signature verifies.
      expect(hooks.received).toHaveLength(2);
      expect(verified(secret, hooks.received[1] as never).type).toBe("webhook.test");
    } finally {
      await server.close();
      data.remove();
    }
  });
});

async function writeToken(server: TestServer, owner: Owner, datasetId: string): Promise<string> {
  const answer = await call(server, "POST", "/api/account/tokens", {
    headers: { cookie: owner.cookie },
    body: { name: "sync", scope: "write", datasetIds: [datasetId] },
  });
  expect(answer.status).toBe(201);
  return answer.body.token as string;
}

async function v1(server: TestServer, token: string, method: string, path: string, body?: unknown) {
  const answer = await call(server, method, path, { headers: { authorization: `Bearer ${token}` }, body });
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
  return answer.body;
}
