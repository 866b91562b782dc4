/** Editing the table alone: paste a block, rows and columns, keyboard-only use, one's own sort and search. */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { createDataset, createPerson, type Person, signIn } from "./support/api.ts";
import { launchBrowser, newActor } from "./support/browser.ts";
import { eventually } from "./support/eventually.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let owner: Person;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  owner = await createPerson(server, "Owner");
  context = await newActor(browser, server.url);
  await signIn(context, server, owner);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.dispose();
});

async function openNewDataset(): Promise<DatasetPage> {
  const { id } = await createDataset(server, owner, {
    title: "Places",
    columns: [
      { name: "Name" },
      { name: "Seats", type: "number" },
      { name: "Opened", type: "date" },
      { name: "Kind", type: "choice", choices: ["Library", "Café"] },
    ],
  });
  const page: Page = await context.newPage();
  const dataset = new DatasetPage(page);
  await dataset.goto(id);
  await dataset.waitConnected();
  return dataset;
}

/** One row's values as the server stores them, by column name. */
async function storedRow(id: string, index: number): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}/api/datasets/${id}/rows`, { headers: { cookie: owner.cookie } });
  const body = (await response.json()) as {
    columns: { id: string; name: string }[];
    rows: { cells: Record<string, unknown> }[];
  };
  const cells = body.rows[index]?.cells ?? {};
  return Object.fromEntries(body.columns.map((c) => [c.name, cells[c.id] ?? null]));
}

describe("editing", () => {
  it("pastes a 3×4 block over two rows and adds the third", async () => {
    const dataset = await openNewDataset();
    await dataset.addRow();
    await dataset.addRow();
    await dataset.expectRowCount(2);
    await dataset.focusCell(0, "Name");
    await dataset.pasteText(
      "Library A\t12\t2026-03-31\tLibrary\nCafé B\t3,5\t2025-01-02\tCafé\nHall C\t1000\t2024-12-25\tLibrary\n",
    );
    await dataset.expectRowCount(3);
    await dataset.expectCell(0, "Name", "Library A");
    await dataset.expectCell(1, "Seats", "3.5");
    await dataset.expectCell(2, "Seats", "1,000");
    await dataset.expectCell(2, "Opened", "25 Dec 2024");
    await dataset.expectCell(2, "Kind", "Library");
    expect(await dataset.message.textContent()).toContain("Pasted 12 cells.");

    // Values that do not fit their column are kept as the text pasted, marked invalid as after a retype.
    await dataset.focusCell(0, "Seats");
    await dataset.pasteText("many\t2026-02-30\n");
    await eventually(async () =>
      expect(await dataset.message.textContent()).toContain(
        "2 pasted values do not fit their column and are kept as text, marked invalid; the first: Enter a number",
      ),
    );
    expect(await dataset.message.textContent()).not.toContain("refused");
    await dataset.expectCell(0, "Seats", "many");
    await dataset.expectCell(0, "Opened", "2026-02-30");
    for (const column of ["Seats", "Opened"]) {
      expect(await (await dataset.cell(0, column)).getAttribute("class")).toContain("cell-invalid");
    }
    expect(await (await dataset.cell(0, "Name")).getAttribute("class")).not.toContain("cell-invalid");
    // The server stores them as the text pasted.
    const id = new URL(dataset.page.url()).pathname.split("/").pop() as string;
    await eventually(async () => expect(await storedRow(id, 0)).toMatchObject({ Seats: "many", Opened: "2026-02-30" }));

    // Cell values are text, never HTML.
    await dataset.focusCell(1, "Name");
    await dataset.pasteText('<img src="x" onerror="document.title=1"><b>bold</b>\n');
    await dataset.expectCell(1, "Name", '<img src="x" onerror="document.title=1"><b>bold</b>');
    expect(await dataset.grid.locator(".ag-cell img, .ag-cell b").count()).toBe(0);
    await dataset.focusCell(1, "Name");
    await dataset.pasteText("Café B\n");

    // Copy a cell and paste it elsewhere.
    await dataset.focusCell(1, "Name");
    await dataset.page.keyboard.press("Control+C");
    await dataset.focusCell(2, "Name");
    await dataset.page.keyboard.press("Control+V");
    await dataset.expectCell(2, "Name", "Café B");
  });

  it("adds, renames, retypes and deletes columns", async () => {
    const dataset = await openNewDataset();
    const page = dataset.page;
    await dataset.addRow();
    await dataset.editCell(0, "Opened", "2026-05-01");
    await dataset.expectCell(0, "Opened", "1 May 2026");
    const dialog = await dataset.openColumns();
    await dialog.getByRole("textbox", { name: "New column name" }).fill("Website");
    await dialog.getByRole("combobox", { name: "New column type" }).selectOption("url");
    await dialog.getByRole("button", { name: "Add column" }).click();
    await dialog.getByRole("textbox", { name: "Name of column 5" }).waitFor();
    const seats = dialog.getByRole("textbox", { name: "Name of column 2" });
    await seats.fill("Capacity");
    await seats.press("Enter");
    await dialog.getByRole("combobox", { name: "Type of column 3" }).selectOption("text");
    page.once("dialog", (d) => void d.accept());
    await dialog.getByRole("button", { name: "Delete column Kind" }).click();
    await dialog.getByRole("button", { name: "Move Website left" }).click();
    await dialog.getByRole("button", { name: "Close" }).click();
    await eventually(async () => {
      const headers = await dataset.grid.locator(".ag-header-cell-text").allTextContents();
      expect(headers.filter(Boolean)).toEqual(["Name", "Capacity", "Website", "Opened"]);
    });
    // Opened became text: its date stays as stored (ISO), and is valid text.
    await dataset.expectCell(0, "Opened", "2026-05-01");
    // Retyping a column keeps values and marks those that do not fit.
    await dataset.openColumns();
    await dialog.getByRole("combobox", { name: "Type of column 1" }).selectOption("number");
    await dialog.getByRole("button", { name: "Close" }).click();
    await dataset.editCell(0, "Name", "not a number");
    await dataset.page.getByTestId("edit-error").waitFor();
    await (await dataset.cell(0, "Name")).locator("input").press("Escape");
    await dataset.openColumns();
    await dialog.getByRole("combobox", { name: "Type of column 4" }).selectOption("number");
    await dialog.getByRole("button", { name: "Close" }).click();
    await eventually(async () =>
      expect(await (await dataset.cell(0, "Opened")).getAttribute("class")).toContain("cell-invalid"),
    );
  });

  it("is usable with the keyboard alone: edit, move rows, delete and undo", async () => {
    const dataset = await openNewDataset();
    const page = dataset.page;
    await dataset.addRow();
    await dataset.addRow();
    await dataset.focusCell(0, "Name");
    // Type to edit, Enter to commit (focus moves down), arrows to move.
    await page.keyboard.type("First");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Second");
    await page.keyboard.press("Enter");
    await dataset.expectCell(0, "Name", "First");
    await dataset.expectCell(1, "Name", "Second");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("F2");
    await page.keyboard.type("7");
    await page.keyboard.press("Enter");
    await dataset.expectCell(1, "Seats", "7");
    // Alt+ArrowUp moves the focused row up.
    await dataset.focusCell(1, "Name");
    await page.keyboard.press("Alt+ArrowUp");
    await dataset.expectCell(0, "Name", "Second");
    await dataset.expectCell(1, "Name", "First");
    // Delete the focused row, then undo.
    await dataset.toolbarButton("Delete rows").click();
    await dataset.expectRowCount(1);
    await dataset.focusCell(0, "Name");
    await page.keyboard.press("Control+z");
    await dataset.expectRowCount(2);
    // The toolbar is reachable with Tab from the search box.
    await page.getByRole("searchbox").focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Add row");
  });

  it("takes back an added row with undo and brings it back with redo, pasted rows too", async () => {
    const dataset = await openNewDataset();
    const page = dataset.page;
    await dataset.addRow();
    await dataset.editCell(0, "Name", "Kept");
    await dataset.expectCell(0, "Name", "Kept");
    await dataset.addRow();
    await dataset.expectRowCount(2);
    await dataset.toolbarButton("Undo").click();
    await dataset.expectRowCount(1);
    await dataset.expectCell(0, "Name", "Kept");
    await dataset.toolbarButton("Redo").click();
    await dataset.expectRowCount(2);

    // A paste past the last row adds rows; one undo takes the whole paste back.
    await dataset.focusCell(1, "Name");
    await dataset.pasteText("P1\nP2\nP3\n");
    await dataset.expectRowCount(4);
    await dataset.expectCell(3, "Name", "P3");
    await page.keyboard.press("Control+z");
    await dataset.expectRowCount(2);
    await dataset.expectCell(1, "Name", "");
    await page.keyboard.press("Control+y");
    await dataset.expectRowCount(4);
    await dataset.expectCell(1, "Name", "P1");

    // The server holds the same: a reload shows it.
    await page.reload();
    await dataset.waitForGrid();
    await dataset.expectRowCount(4);
    await dataset.expectCell(0, "Name", "Kept");
    await dataset.expectCell(3, "Name", "P3");
  });

  it("sorts and searches in one's own view without changing the stored order", async () => {
    const dataset = await openNewDataset();
    await dataset.addRow();
    await dataset.focusCell(0, "Name");
    await dataset.pasteText("b\t2\na\t10\nc\t1\n");
    await dataset.expectRowCount(3);
    const header = dataset.grid.locator(".ag-header-cell-label", { hasText: "Seats" });
    await header.click();
    await dataset.expectCell(0, "Name", "c");
    await dataset.expectCell(2, "Name", "a");
    await dataset.page.getByRole("button", { name: "Manual order" }).click();
    await dataset.expectCell(0, "Name", "b");
    await dataset.page.getByRole("searchbox").fill("a");
    await dataset.expectRowCount(1);
    await dataset.expectCell(0, "Name", "a");
  });

  it("moves rows and columns by dragging them, for everyone", async () => {
    const dataset = await openNewDataset();
    await dataset.addRow();
    await dataset.focusCell(0, "Name");
    await dataset.pasteText("A\nB\nC\n");
    await dataset.expectRowCount(3);
    await dataset.drag(dataset.rowHandle(0), await dataset.cell(2, "Name"), { x: 10, y: 6 });
    await dataset.expectCell(0, "Name", "B");
    await dataset.expectCell(2, "Name", "A");

    const seats = dataset.headerCell("Seats");
    const box = await seats.boundingBox();
    await dataset.drag(dataset.headerCell("Name"), seats, { x: (box?.width ?? 100) - 5, y: 0 });
    await eventually(async () => {
      const headers = await dataset.grid.locator(".ag-header-cell-text").allTextContents();
      expect(headers.filter(Boolean).slice(0, 2)).toEqual(["Seats", "Name"]);
    });
    // The new order is in the document: a reload shows it.
    await dataset.page.reload();
    await dataset.waitForGrid();
    await dataset.expectCell(2, "Name", "A");
    const headers = await dataset.grid.locator(".ag-header-cell-text").allTextContents();
    expect(headers.filter(Boolean).slice(0, 2)).toEqual(["Seats", "Name"]);
  });

  it("selects a block with Shift, copies it as TSV, pastes it elsewhere and clears it", async () => {
    const dataset = await openNewDataset();
    const page = dataset.page;
    await dataset.addRow();
    await dataset.focusCell(0, "Name");
    await dataset.pasteText("a\t1\nb\t2\nc\t3\n");
    await dataset.expectRowCount(3);
    await dataset.focusCell(0, "Name");
    await page.keyboard.press("Shift+ArrowDown");
    await page.keyboard.press("Shift+ArrowRight");
    await eventually(async () => expect(await dataset.grid.locator(".cell-in-block").count()).toBe(4));
    await page.keyboard.press("Control+C");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("a\t1\nb\t2");

    // Shift+click grows a block with the mouse too.
    await dataset.focusCell(2, "Name");
    await (await dataset.cell(2, "Opened")).click({ modifiers: ["Shift"] });
    await eventually(async () => expect(await dataset.grid.locator(".cell-in-block").count()).toBe(3));
    await page.keyboard.press("Delete");
    await dataset.expectCell(2, "Name", "");
    await dataset.expectCell(2, "Seats", "");
    await dataset.expectCell(1, "Name", "b");

    await dataset.focusCell(2, "Name");
    await page.keyboard.press("Control+V");
    await dataset.expectCell(2, "Name", "a");
    await dataset.expectCell(3, "Seats", "2");
  });
});
