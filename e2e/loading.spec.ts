/**
 * A first visit waits for the whole dataset: the page says it is receiving it until the rows arrive.
 * The server's messages are held back (Playwright routes the WebSocket) so the wait is observable.
 */
import { describe, expect, it } from "vitest";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { createDataset, createPerson } from "./support/api.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile();

describe("first load", () => {
  it("shows progress while the dataset is being received, and stops once it has arrived", async () => {
    const owner = await createPerson(e2e.server, "Owner");
    const { id } = await createDataset(e2e.server, owner, { title: "Large", columns: [{ name: "Name" }] });
    const page = await (await e2e.newContext()).newPage();

    const held: (string | Buffer)[] = [];
    let release: (() => void) | null = null;
    await page.routeWebSocket(/\/collab$/, (ws) => {
      const upstream = ws.connectToServer();
      let holding = true;
      upstream.onMessage((message) => (holding ? held.push(message) : ws.send(message)));
      release = () => {
        holding = false;
        for (const message of held.splice(0)) ws.send(message);
      };
    });

    const dataset = new DatasetPage(page);
    await dataset.goto(id);
    const progress = page.getByRole("progressbar", { name: "Receiving the dataset…" });
    await progress.waitFor();
    await expect.poll(() => held.length).toBeGreaterThan(0);
    (release as (() => void) | null)?.();
    await progress.waitFor({ state: "detached" });
    await dataset.waitConnected();
  });
});
