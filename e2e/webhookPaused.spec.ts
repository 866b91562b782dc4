/**
 * A webhook whose receiver keeps failing, in the settings page: after WEBHOOK_PAUSE_AFTER_FAILURES
 * deliveries in a row were given up the server pauses it, and the page says so and why; the owner
 * resumes it once the receiver works and the next test is delivered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../server/test/webhookReceiver.ts";
import { WebhooksSettings } from "./pages/WebhooksSettings.ts";
import { createDataset, createPerson, signIn } from "./support/api.ts";
import { seriousViolations } from "./support/axe.ts";
import { eventually } from "./support/eventually.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile({
  WEBHOOK_ALLOW_LOCAL_ADDRESSES: "true",
  WEBHOOK_MAX_ATTEMPTS: "1",
  WEBHOOK_PAUSE_AFTER_FAILURES: "2",
});

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describe("a webhook whose receiver keeps failing", () => {
  it("is paused by the server, the page says why, and its owner resumes it", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Owner");
    const dataset = await createDataset(server, owner, { title: "Polling stations", columns: [{ name: "Name" }] });
    const context = await e2e.newContext();
    await signIn(context, server, owner);
    const settings = new WebhooksSettings(await context.newPage());
    await settings.goto(dataset.id);
    const url = receiver.url;
    await settings.add(url, ["Data changes"]);
    await settings.section.getByRole("button", { name: "I have copied it", exact: true }).click();

    receiver.state.status = 503;
    for (const sent of [1, 2]) {
      await settings.button("Send a test", url).click();
      await eventually(async () => {
        const rows = await settings.logRows(url);
        expect(rows).toHaveLength(sent);
        expect(rows[0]?.Result).toContain("Gave up");
      }, 30_000);
    }
    const notice = settings.endpoint(url).getByText(/^Paused by Data Patch on .+: its last deliveries all failed/);
    await eventually(async () => expect(await notice.count()).toBe(1), 30_000);
    expect(await notice.textContent()).toContain("once the receiver works again, resume it");
    expect(await seriousViolations(settings.page)).toEqual([]);

    receiver.state.status = 200;
    await settings.button("Resume", url).click();
    await eventually(async () => expect(await notice.count()).toBe(0));
    expect(await settings.status().textContent()).toBe(`The webhook to ${url} is resumed.`);
    await settings.button("Send a test", url).click();
    await eventually(async () => expect((await settings.logRows(url))[0]?.Result).toBe("Delivered (200)"), 30_000);
  });
});
