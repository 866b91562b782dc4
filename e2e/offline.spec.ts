/**
 * Offline: with the server gone, edits are kept in IndexedDB, the page reloads from the service
 * worker's app shell and shows them, and once the server is back (restarted on the same data) they
 * reach it and everyone else.
 */
import { describe, expect, it } from "vitest";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { createDataset, createPerson, signIn } from "./support/api.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile();

describe("offline", () => {
  it("keeps edits made while the server is down, across a reload, and sends them after a restart", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Owner");
    const { id } = await createDataset(server, owner, { title: "Offline", columns: [{ name: "Name" }] });
    const context = await e2e.newContext();
    await signIn(context, server, owner);
    const page = await context.newPage();
    const dataset = new DatasetPage(page);
    await page.goto("/");
    await page.getByRole("link", { name: "Offline", exact: true }).waitFor();
    await dataset.goto(id);
    await dataset.waitConnected();
    await dataset.addRow();
    await dataset.editCell(0, "Name", "online");
    await dataset.expectCell(0, "Name", "online");
    // The service worker has the app shell before the network goes.
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === "activated");

    await server.stop();
    await dataset.waitOffline();
    await dataset.editCell(0, "Name", "offline edit");
    await dataset.addRow();
    await dataset.editCell(1, "Name", "offline row");
    await dataset.expectCell(1, "Name", "offline row");
    await dataset.waitStoredLocally("offline row");
    // The status says how many changes wait for the connection.
    await expect.poll(() => dataset.status.textContent()).toMatch(/Offline: [1-9]\d* changes? kept on this device/);

    await page.reload();
    await dataset.waitForGrid();
    await dataset.expectCell(0, "Name", "offline edit");
    await dataset.expectCell(1, "Name", "offline row");
    await dataset.waitOffline();

    // The home page lists the datasets of the last visit.
    await page.goto("/");
    await page.getByRole("link", { name: "Offline", exact: true }).waitFor();
    await page.goto(`/datasets/${id}`);
    await dataset.waitForGrid();

    await server.start();
    await dataset.waitConnected();

    const other = await e2e.newContext();
    const otherPage = new DatasetPage(await other.newPage());
    await otherPage.goto(id);
    await otherPage.expectCell(0, "Name", "offline edit");
    await otherPage.expectCell(1, "Name", "offline row");
    expect(await otherPage.rowCount()).toBe(2);
  });
});
