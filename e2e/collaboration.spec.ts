/** Two people on one dataset in two browser contexts: edits, rows and presence reach each other live. */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { HomePage } from "./pages/HomePage.ts";
import { createDataset, createPerson, type Person, setOpenness, signIn } from "./support/api.ts";
import { launchBrowser, newActor } from "./support/browser.ts";
import { eventually } from "./support/eventually.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

let server: TestServer;
let browser: Browser;
let owner: Person;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  owner = await createPerson(server, "Alice");
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.dispose();
});

/** A person in their own browser context: signed in as `person`, or anonymous. */
async function actor(person?: Person) {
  const context = await newActor(browser, server.url);
  if (person) await signIn(context, server, person);
  contexts.push(context);
  return context.newPage();
}

describe("collaboration", () => {
  it("creates a dataset from the home page and lists it", async () => {
    const page = await actor(owner);
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
    // Alice owns the dataset; Bob is anonymous, and may edit cells and rows because it is open to editing.
    const { id } = await createDataset(server, owner, {
      title: "Help points",
      columns: [
        { name: "Name", type: "text" },
        { name: "Seats", type: "number" },
      ],
    });
    const alice = new DatasetPage(await actor(owner));
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
    await bob.page.getByTestId("edit-error").waitFor();
    expect(await bob.page.getByTestId("edit-error").textContent()).toBe("Enter a number, for example 12 or 3.5.");
    await input.press("Escape");
    await alice.expectCell(0, "Seats", "12");

    // Presence: both names listed, and Bob's selected cell outlined on Alice's screen.
    await eventually(async () => expect(await alice.presenceNames().count()).toBe(2));
    // A signed-in person shows under their account name; an anonymous one as a guest.
    await eventually(async () =>
      expect(await alice.presenceNames().first().textContent()).toMatch(/^alice-\d+ \(you\)$/),
    );
    expect(await bob.presenceNames().first().textContent()).toMatch(/^Guest \d+ \(you\)$/);
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

  it("gives a reader of a public-read dataset no editing tools, and a copy that only mirrors the server", async () => {
    const { id } = await createDataset(
      server,
      owner,
      { title: "Published", columns: [{ name: "Name" }] },
      "public-read",
    );
    const alice = new DatasetPage(await actor(owner));
    await alice.goto(id);
    await alice.waitConnected();
    await alice.addRow();
    await alice.editCell(0, "Name", "Visible to all");

    const reader = new DatasetPage(await actor());
    await reader.goto(id);
    await reader.expectCell(0, "Name", "Visible to all");
    expect(await reader.page.getByRole("toolbar").getByRole("button").count()).toBe(0);
    await (await reader.cell(0, "Name")).dblclick();
    expect(await reader.grid.locator(".ag-cell-inline-editing").count()).toBe(0);
    // A reader's own copy (to open it offline), never the one edits are kept in.
    await eventually(async () => {
      const databases = await reader.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
      expect(databases.filter((name) => name?.startsWith("data-patch:"))).toEqual([
        expect.stringMatching(/^data-patch:read:dataset\./),
      ]);
    });
  });

  it("takes the editing tools away live when the owner closes editing to visitors", async () => {
    const { id } = await createDataset(server, owner, { title: "Closing", columns: [{ name: "Name" }] });
    const visitor = new DatasetPage(await actor());
    await visitor.goto(id);
    await visitor.waitConnected();
    await visitor.addRow();
    await visitor.editCell(0, "Name", "before");
    // The edit reaches the server before the rights drop (an unacknowledged one would be lost in
    // the race that issue 12 is about).
    await eventually(async () => {
      const { rows } = (await (await fetch(`${server.url}/api/datasets/${id}/rows`)).json()) as {
        rows: { cells: Record<string, unknown> }[];
      };
      expect(rows.map((r) => Object.values(r.cells)[0])).toEqual(["before"]);
    });
    await setOpenness(server, owner, id, "public-read");
    await eventually(async () => expect(await visitor.page.getByRole("toolbar").getByRole("button").count()).toBe(0));
    await visitor.expectCell(0, "Name", "before");
    await visitor.waitConnected();
    await visitor.waitStoredLocally("before");

    // Closing it entirely: the open page says so and keeps no copy of the data on the device, the
    // reader's copy included.
    await setOpenness(server, owner, id, "private");
    await visitor.page
      .getByRole("alert")
      .filter({ hasText: "This dataset does not exist, or it is private." })
      .waitFor();
    await eventually(async () => {
      const databases = await visitor.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
      expect(databases.filter((name) => name?.startsWith("data-patch:"))).toEqual([]);
    });
  });
});
