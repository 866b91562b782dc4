/** Two people on one dataset in two browser contexts: edits, rows and presence reach each other live. */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { HomePage } from "./pages/HomePage.ts";
import { createDataset } from "./support/api.ts";
import { launchBrowser, newActor } from "./support/browser.ts";
import { eventually } from "./support/eventually.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.dispose();
});

async function actor() {
  const context = await newActor(browser, server.url);
  contexts.push(context);
  return context.newPage();
}

describe("collaboration", () => {
  it("creates a dataset from the home page and lists it", async () => {
    const page = await actor();
    const home = new HomePage(page);
    await home.goto();
    const id = await home.createDataset("Repair cafés", [{ name: "Name" }, { name: "Seats", type: "number" }]);
    expect(id).toMatch(/^[0-9A-Za-z]{12}$/);
    const dataset = new DatasetPage(page);
    await dataset.waitForGrid();
    await dataset.waitConnected();
    expect(await page.locator("h1").textContent()).toBe("Repair cafés");
    await home.goto();
    await home.datasetLink("Repair cafés").waitFor();
  });

  it("shows each person's edits and new rows to the other, with presence", async () => {
    const { id } = await createDataset(server.url, {
      title: "Help points",
      columns: [
        { name: "Name", type: "text" },
        { name: "Seats", type: "number" },
      ],
    });
    const alice = new DatasetPage(await actor());
    const bob = new DatasetPage(await actor());
    await alice.goto(id);
    await bob.goto(id);
    await alice.waitConnected();
    await bob.waitConnected();

    await alice.addRow();
    await bob.expectRowCount(1);
    await alice.editCell(0, "Name", "Médiathèque");
    await bob.expectCell(0, "Name", "Médiathèque");

    await bob.editCell(0, "Seats", "12");
    await alice.expectCell(0, "Seats", "12");

    // A refused value is never written: the editor stays open with the message.
    const cell = await bob.cell(0, "Seats");
    await cell.dblclick();
    const input = cell.locator("input");
    await input.fill("twelve");
    await input.press("Enter");
    await eventually(async () => expect(await input.isVisible()).toBe(true));
    await input.press("Escape");
    await alice.expectCell(0, "Seats", "12");

    // Presence: both names listed, and Bob's selected cell outlined on Alice's screen.
    await eventually(async () => expect(await alice.presenceNames().count()).toBe(2));
    await bob.focusCell(0, "Name");
    const outlined = await alice.cell(0, "Name");
    await eventually(async () => expect(await outlined.getAttribute("class")).toContain("remote-cursor"));

    // Undo takes back only one's own edit.
    await alice.focusCell(0, "Seats");
    await alice.page.keyboard.press("Control+z");
    await alice.expectCell(0, "Name", "");
    await bob.expectCell(0, "Name", "");
    await bob.expectCell(0, "Seats", "12");
    await alice.page.keyboard.press("Control+y");
    await bob.expectCell(0, "Name", "Médiathèque");
  });
});
