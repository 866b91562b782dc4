/**
 * Webhooks in the settings page, against a real receiver on loopback started by the test: an owner
 * adds an endpoint (a refused address first), copies its secret shown once (the focus on it, then
 * on Send a test), sends a test that the receiver verifies with it, sees a data change retried
 * while the receiver is down and delivered once it is back, gives it a new secret, pauses and
 * deletes it; axe finds nothing serious on the section.
 */
import type { Locator } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../server/test/webhookReceiver.ts";
import { WebhooksSettings } from "./pages/WebhooksSettings.ts";
import { createDataset, createPerson, signIn } from "./support/api.ts";
import { seriousViolations } from "./support/axe.ts";
import { eventually } from "./support/eventually.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile({
  WEBHOOK_ALLOW_LOCAL_ADDRESSES: "true",
  WEBHOOK_DEBOUNCE_MS: "300",
  WEBHOOK_RETRY_BASE_MS: "500",
  SNAPSHOT_DELAY_MS: "100",
});

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describe("webhooks in a dataset's settings", () => {
  it("an owner adds one, tests it, follows its deliveries through a receiver outage, pauses and deletes it", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Owner");
    const dataset = await createDataset(
      server,
      owner,
      { title: "Repair cafés", columns: [{ name: "Name" }] },
      "private",
    );
    const context = await e2e.newContext();
    await signIn(context, server, owner);
    const settings = new WebhooksSettings(await context.newPage());
    await settings.goto(dataset.id);
    await settings.section.getByText("No webhooks yet.").waitFor();

    // An address without its scheme is said to be incomplete, and the focus is back in the field to correct it.
    await settings.add("example.org/hooks/data-patch");
    await eventually(async () => expect(await settings.alert().textContent()).toContain("Write the whole address"));
    const address = settings.section.getByRole("textbox", { name: "Address (URL)" });
    expect(await address.evaluate((field) => field === document.activeElement)).toBe(true);
    // The server's own network (here, cloud metadata) is refused, in words.
    await settings.add("http://169.254.169.254/latest/meta-data/");
    await eventually(async () =>
      expect(await settings.alert().textContent()).toContain("This address cannot receive webhooks"),
    );

    const url = receiver.url;
    await settings.add(url, ["Data changes"]);
    const secret = await settings.secretField(url).inputValue();
    expect(secret).toMatch(/^whsec_/);
    // The secret shown once has the focus, and once copied the focus is on the webhook's Send a test.
    const focused = (field: Locator) => field.evaluate((element) => element === document.activeElement);
    await expect.poll(() => focused(settings.secretField(url))).toBe(true);
    await settings.section.getByRole("button", { name: "I have copied it", exact: true }).click();
    await settings.secretField(url).waitFor({ state: "detached" });
    expect(await focused(settings.button("Send a test", url))).toBe(true);
    await settings.endpoint(url).getByText("Sends: Data changes").waitFor();
    await settings.endpoint(url).getByText("Nothing sent yet.").waitFor();

    await settings.button("Send a test", url).click();
    await eventually(() => expect(receiver.of("webhook.test")).toHaveLength(1));
    const test = receiver.of("webhook.test")[0] as WebhookReceiver["received"][number];
    expect(() => new Webhook(secret).verify(test.body, test.headers as Record<string, string>)).not.toThrow();
    await eventually(async () =>
      expect(await settings.logRows(url)).toEqual([
        expect.objectContaining({ Event: "Test", Result: "Delivered (200)", Attempts: "1", "Next try": "—" }),
      ]),
    );

    // The receiver goes down; an edit's event waits, retried, and the log says so.
    await receiver.down();
    const edit = await fetch(`${server.url}/api/datasets/${dataset.id}/rows`, { headers: { cookie: owner.cookie } });
    const { columns } = (await edit.json()) as { columns: { id: string }[] };
    const token = await writeToken(server.url, owner.cookie, dataset.id);
    const added = await fetch(`${server.url}/api/v1/datasets/${dataset.id}/rows`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ rows: [{ cells: { [columns[0]?.id as string]: "Atelier" } }] }),
    });
    expect(added.status).toBe(201);
    const waiting = await eventually(async () => {
      const [latest] = await settings.logRows(url);
      expect(latest).toMatchObject({ Event: "Data changes" });
      expect(Number(latest?.Attempts)).toBeGreaterThanOrEqual(1);
      return latest as Record<string, string>;
    }, 30_000);
    expect(waiting.Result).toContain("No answer");
    expect(waiting.Result).toContain("The receiver refused the connection (is it running?).");
    expect(waiting["Next try"]).not.toBe("—");
    expect(await seriousViolations(settings.page)).toEqual([]);

    await receiver.up();
    await eventually(async () => {
      const [latest] = await settings.logRows(url);
      expect(latest).toMatchObject({ Event: "Data changes", Result: "Delivered (200)", "Next try": "—" });
      expect(Number(latest?.Attempts)).toBeGreaterThanOrEqual(2);
    }, 30_000);
    const changed = receiver.of("dataset.changed");
    expect(changed).toHaveLength(1);
    expect(
      (new Webhook(secret).verify(changed[0]?.body ?? "", changed[0]?.headers as never) as { data: object }).data,
    ).toMatchObject({
      datasetId: dataset.id,
      bulkInserts: 1,
      rowCount: 1,
    });

    // A new secret is shown once, like the first; the next request verifies with it only.
    await settings.button("New secret", url).click();
    const renewed = await eventually(async () => {
      const value = await settings.secretField(url).inputValue();
      expect(value).not.toBe(secret);
      return value;
    });
    await settings.button("Send a test", url).click();
    await eventually(() => expect(receiver.of("webhook.test")).toHaveLength(2));
    const second = receiver.of("webhook.test")[1] as WebhookReceiver["received"][number];
    expect(() => new Webhook(renewed).verify(second.body, second.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(secret).verify(second.body, second.headers as Record<string, string>)).toThrow();

    await settings.button("Pause", url).click();
    await eventually(async () =>
      expect(await settings.endpoint(url).getByText("Paused: nothing is sent until it is resumed.").count()).toBe(1),
    );
    await settings.delete(url);
    await eventually(async () => expect(await settings.section.getByText("No webhooks yet.").count()).toBe(1));
    expect(await settings.status().textContent()).toBe(`The webhook to ${url} was deleted.`);
  });
});

async function writeToken(base: string, cookie: string, datasetId: string): Promise<string> {
  const response = await fetch(`${base}/api/account/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, cookie },
    body: JSON.stringify({ name: "sync", scope: "write", datasetIds: [datasetId] }),
  });
  return ((await response.json()) as { token: string }).token;
}
