/**
 * Typing on a selected cell, as in any spreadsheet (no double-click first): what is typed is read in
 * the person's locale and stored as meant, or refused with the usual message.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CellValue } from "../shared/dataset/index.ts";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { createDataset, createPerson, type Person, signIn, storedValues } from "./support/api.ts";
import { launchBrowser, newActor } from "./support/browser.ts";
import { eventually } from "./support/eventually.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

let server: TestServer;
let browser: Browser;
let owner: Person;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  owner = await createPerson(server, "Owner");
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function open(locale: string): Promise<{ id: string; dataset: DatasetPage }> {
  const { id } = await createDataset(server, owner, {
    title: "Events",
    columns: [
      { name: "Day", type: "date" },
      { name: "Seats", type: "number" },
    ],
  });
  const context = await newActor(browser, server.url, { locale });
  await signIn(context, server, owner);
  const dataset = new DatasetPage(await context.newPage());
  await dataset.goto(id);
  await dataset.waitConnected();
  await dataset.addRow();
  await dataset.addRow();
  await dataset.expectRowCount(2);
  return { id, dataset };
}

/** The values the server stores for a column, row by row. */
function stored(id: string, columnName: string): Promise<CellValue[]> {
  return storedValues(server, owner, id, columnName);
}

describe("typing on a selected cell", () => {
  it("stores ISO and English dates as meant (en-GB)", async () => {
    const { id, dataset } = await open("en-GB");
    await dataset.typeInCell(0, "Day", "2020-05-01");
    await dataset.expectCell(0, "Day", "1 May 2020");
    await dataset.typeInCell(1, "Day", "1 May 2020");
    await dataset.expectCell(1, "Day", "1 May 2020");
    await eventually(async () => expect(await stored(id, "Day")).toEqual(["2020-05-01", "2020-05-01"]));

    // Day before month in en-GB; numbers as the locale writes them.
    await dataset.typeInCell(1, "Day", "02/05/2020");
    await dataset.expectCell(1, "Day", "2 May 2020");
    await dataset.typeInCell(0, "Seats", "1,234.5");
    await dataset.expectCell(0, "Seats", "1,234.5");

    // What cannot be read is refused with the usual message and nothing is written.
    await dataset.typeInCell(0, "Day", "soon");
    await dataset.page.getByTestId("edit-error").waitFor();
    expect(await dataset.page.getByTestId("edit-error").textContent()).toBeTruthy();
    await dataset.page.keyboard.press("Escape");
    await dataset.expectCell(0, "Day", "1 May 2020");
    await eventually(async () => expect(await stored(id, "Day")).toEqual(["2020-05-01", "2020-05-02"]));
    await dataset.page.context().close();
  });

  it("reads 01/05/2020 as 1 May in French and as 5 January in en-US", async () => {
    const fr = await open("fr-FR");
    await fr.dataset.typeInCell(0, "Day", "01/05/2020");
    await fr.dataset.expectCell(0, "Day", "1 mai 2020");
    await fr.dataset.typeInCell(1, "Day", "2020-05-01");
    await fr.dataset.expectCell(1, "Day", "1 mai 2020");
    await fr.dataset.typeInCell(0, "Seats", "1 234,5");
    await fr.dataset.expectCell(0, "Seats", "1\u202f234,5");
    await eventually(async () => expect(await stored(fr.id, "Day")).toEqual(["2020-05-01", "2020-05-01"]));
    await fr.dataset.page.context().close();

    const us = await open("en-US");
    await us.dataset.typeInCell(0, "Day", "01/05/2020");
    await us.dataset.expectCell(0, "Day", "Jan 5, 2020");
    await eventually(async () => expect(await stored(us.id, "Day")).toEqual(["2020-01-05", null]));
    await us.dataset.page.context().close();
  });
});
