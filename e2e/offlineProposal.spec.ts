/**
 * A proposal started offline: a visitor who opened a public dataset before opens it again with no
 * network (the service worker's app shell, the reader's copy in IndexedDB), starts suggesting,
 * corrects a cell, and once the network is back the proposal reaches the server with the change and
 * can be sent (docs/PROPOSALS.md, "In the browser"); it does so with the suggestion panel closed too,
 * as long as the dataset's page is open.
 */
import { describe, expect, it } from "vitest";
import type { QueueEntry } from "../shared/api/proposals.ts";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { createPerson, type Person } from "./support/api.ts";
import { eventually } from "./support/eventually.ts";
import { controlNetwork } from "./support/network.ts";
import { importCsv } from "./support/proposals.ts";
import type { TestServer } from "./support/server.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile();

const CSV = "Name,Phone\nMédiathèque Champollion,01 00 00 00 00\nCafé La Fabrique,02 00 00 00 00\n";

/** The moderators' queue, as the API gives it to the owner. */
async function queue(server: TestServer, owner: Person, datasetId: string): Promise<QueueEntry[]> {
  const response = await fetch(`${server.url}/api/datasets/${datasetId}/proposals`, {
    headers: { cookie: owner.cookie },
  });
  return ((await response.json()) as { proposals: QueueEntry[] }).proposals;
}

describe("a proposal started offline", () => {
  it("opens a dataset visited before, takes a correction offline, and sends it once back online", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Moderator");
    const dataset = await importCsv(server, owner, "Help points", CSV);

    const context = await e2e.newContext();
    const network = await controlNetwork(context);
    const page = await context.newPage();
    const visitor = new DatasetPage(page);
    await visitor.goto(dataset.id);
    await visitor.waitConnected();
    await visitor.expectCell(0, "Phone", "01 00 00 00 00");
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === "activated");
    await visitor.waitStoredLocally("Médiathèque Champollion");

    await network.goOffline();
    await page.reload();
    await visitor.waitForGrid();
    await visitor.waitOffline();
    await visitor.expectCell(0, "Phone", "01 00 00 00 00");
    await visitor.status.getByText("Offline: showing the copy kept on this device", { exact: false }).waitFor();

    // Read only, but the way to correct it is said.
    await page.getByText("Read only: to correct a value or add a row, press “Suggest changes”.").waitFor();
    await page.getByRole("button", { name: "Suggest changes", exact: true }).click();
    const panel = page.getByRole("form", { name: "Suggesting changes" });
    await panel.getByText("Offline: your suggestions are kept on this device", { exact: false }).waitFor();
    await visitor.editCell(0, "Phone", "01 23 45 67 89");
    await panel.getByRole("status").filter({ hasText: "1 change" }).waitFor();
    await visitor.expectCell(0, "Phone", "01 23 45 67 89");
    expect(await queue(server, owner, dataset.id)).toEqual([]);
    // Sending offline says at once that the changes stay here, and the notice goes once they are up.
    await panel.getByRole("button", { name: "Send to the moderators", exact: true }).click();
    const notReached = panel.getByText("Your changes have not reached the server yet", { exact: false });
    await notReached.waitFor();

    await network.goOnline();
    // The draft is created on the server and its change synchronised, without a click.
    await eventually(
      async () => {
        const [entry] = await queue(server, owner, dataset.id);
        expect(entry).toMatchObject({ number: 1, status: "draft", changes: 1 });
      },
      20_000,
      250,
    );
    await notReached.waitFor({ state: "detached" });
    await panel.getByRole("button", { name: "Send to the moderators", exact: true }).click();
    await page.getByText("Thank you! Your suggestion #1 was sent to the moderators.").waitFor();

    const [sent] = await queue(server, owner, dataset.id);
    expect(sent).toMatchObject({ number: 1, status: "open", changes: 1 });
    const review = await fetch(`${server.url}/api/datasets/${dataset.id}/proposals/1`, {
      headers: { cookie: owner.cookie },
    });
    const body = JSON.stringify(await review.json());
    expect(body).toContain("01 23 45 67 89");
    expect(body).toContain("01 00 00 00 00");
  });

  it("goes up once back online with the suggestion panel closed, and is continued and sent later", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Moderator");
    const dataset = await importCsv(server, owner, "Repair cafés", CSV);

    const context = await e2e.newContext();
    const network = await controlNetwork(context);
    const page = await context.newPage();
    const visitor = new DatasetPage(page);
    await visitor.goto(dataset.id);
    await visitor.waitConnected();
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === "activated");
    await visitor.waitStoredLocally("Médiathèque Champollion");

    await network.goOffline();
    await page.reload();
    await visitor.waitForGrid();
    await visitor.waitOffline();
    await page.getByRole("button", { name: "Suggest changes", exact: true }).click();
    const panel = page.getByRole("form", { name: "Suggesting changes" });
    await panel.getByText("Offline: your suggestions are kept on this device", { exact: false }).waitFor();
    await visitor.editCell(1, "Phone", "02 99 99 99 99");
    await panel.getByRole("status").filter({ hasText: "1 change" }).waitFor();
    await visitor.waitStoredLocally("02 99 99 99 99");
    await panel.getByRole("button", { name: "Stop suggesting", exact: true }).click();
    await panel.waitFor({ state: "detached" });
    await visitor.expectCell(1, "Phone", "02 00 00 00 00");

    await network.goOnline();
    // Nothing to click: the page is open and online, so the draft goes up.
    await eventually(
      async () => {
        const [entry] = await queue(server, owner, dataset.id);
        expect(entry).toMatchObject({ number: 1, status: "draft", changes: 1 });
      },
      20_000,
      250,
    );
    expect(await panel.count()).toBe(0);

    // Continued later: the same draft, its change there, and sent.
    await page.getByRole("button", { name: "Suggest changes", exact: true }).click();
    await panel.getByRole("status").filter({ hasText: "1 change" }).waitFor();
    await visitor.expectCell(1, "Phone", "02 99 99 99 99");
    await panel.getByRole("button", { name: "Send to the moderators", exact: true }).click();
    await page.getByText("Thank you! Your suggestion #1 was sent to the moderators.").waitFor();
    expect(await queue(server, owner, dataset.id)).toMatchObject([{ number: 1, status: "open", changes: 1 }]);
  });

  it("is created once on the server when two tabs of the dataset come back online together", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Moderator");
    const dataset = await importCsv(server, owner, "Polling stations", CSV);

    const context = await e2e.newContext();
    const network = await controlNetwork(context);
    const first = await context.newPage();
    const tab = new DatasetPage(first);
    await tab.goto(dataset.id);
    await tab.waitConnected();
    await first.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === "activated");
    await tab.waitStoredLocally("Médiathèque Champollion");

    await network.goOffline();
    await first.reload();
    await tab.waitOffline();
    await first.getByRole("button", { name: "Suggest changes", exact: true }).click();
    const panel = first.getByRole("form", { name: "Suggesting changes" });
    await panel.getByText("Offline: your suggestions are kept on this device", { exact: false }).waitFor();
    await tab.editCell(0, "Phone", "01 11 11 11 11");
    await tab.waitStoredLocally("01 11 11 11 11");
    await panel.getByRole("button", { name: "Stop suggesting", exact: true }).click();
    const second = await context.newPage();
    const otherTab = new DatasetPage(second);
    await otherTab.goto(dataset.id);
    await otherTab.waitOffline();

    await network.goOnline();
    await eventually(
      async () => expect(await queue(server, owner, dataset.id)).toMatchObject([{ number: 1, changes: 1 }]),
      20_000,
      250,
    );
    // The other tab continues that one draft and sends it: still the only proposal.
    await second.getByRole("button", { name: "Suggest changes", exact: true }).click();
    const otherPanel = second.getByRole("form", { name: "Suggesting changes" });
    await otherPanel.getByRole("status").filter({ hasText: "1 change" }).waitFor();
    await otherPanel.getByRole("button", { name: "Send to the moderators", exact: true }).click();
    await second.getByText("Thank you! Your suggestion #1 was sent to the moderators.").waitFor();
    expect(await queue(server, owner, dataset.id)).toMatchObject([{ number: 1, status: "open", changes: 1 }]);
  });
});
