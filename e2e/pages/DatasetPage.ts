import type { Locator, Page } from "playwright-core";
import { eventually } from "../support/eventually.ts";
import { pageLanguage, word } from "../support/words.ts";

/** The dataset page: header (status, presence), toolbar and the AG Grid table. */
export class DatasetPage {
  readonly page: Page;
  readonly grid: Locator;
  readonly status: Locator;
  readonly message: Locator;
  constructor(page: Page) {
    this.page = page;
    this.grid = page.getByTestId("dataset-grid");
    this.status = page.getByTestId("connection-status");
    this.message = page.getByTestId("grid-message");
  }

  async goto(id: string) {
    await this.page.goto(`/datasets/${id}`);
    await this.waitForGrid();
  }

  async waitForGrid() {
    await this.grid.locator(".ag-header-cell").first().waitFor();
  }

  async waitConnected() {
    await this.page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
  }

  async waitOffline() {
    await this.page.locator('[data-testid="connection-status"][data-state="offline"]').waitFor();
  }

  /** AG Grid column id of a column, by its header text. */
  async columnId(name: string): Promise<string> {
    const header = this.grid.locator(".ag-header-cell", {
      has: this.page.locator(".ag-header-cell-text", { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
    });
    return (await header.first().getAttribute("col-id")) as string;
  }

  async cell(row: number, column: string): Promise<Locator> {
    const colId = await this.columnId(column);
    return this.grid.locator(`[row-index="${row}"] [col-id="${colId}"]`);
  }

  async cellText(row: number, column: string): Promise<string> {
    return ((await (await this.cell(row, column)).textContent()) ?? "").trim();
  }

  /** Waits until a cell shows `text`. */
  async expectCell(row: number, column: string, text: string, timeoutMs = 10_000) {
    await eventually(async () => {
      const actual = await this.cellText(row, column).catch(() => "<missing>");
      if (actual !== text) throw new Error(`cell ${row}/${column} is "${actual}", expected "${text}"`);
    }, timeoutMs);
  }

  async rowCount(): Promise<number> {
    return this.grid.locator(".ag-row[row-index]").count();
  }

  async expectRowCount(count: number) {
    await eventually(async () => {
      const actual = await this.rowCount();
      if (actual !== count) throw new Error(`${actual} rows, expected ${count}`);
    });
  }

  async focusCell(row: number, column: string) {
    const cell = await this.cell(row, column);
    await cell.click();
    await eventually(async () => {
      if (!(await cell.evaluate((el) => el.classList.contains("ag-cell-focus")))) throw new Error("not focused");
    });
  }

  /** Types into a cell through its editor and commits with Enter. */
  async editCell(row: number, column: string, text: string) {
    const cell = await this.cell(row, column);
    await cell.dblclick();
    const input = cell.locator("input, textarea").first();
    await input.waitFor();
    await input.fill(text);
    await input.press("Enter");
  }

  /** Clicks a cell and types straight away, as in any spreadsheet (no double-click), then presses Enter. */
  async typeInCell(row: number, column: string, text: string) {
    await this.focusCell(row, column);
    await this.page.keyboard.type(text);
    await this.page.keyboard.press("Enter");
  }

  /** Drags with the mouse in small steps, as a person would (AG Grid starts a drag after a few pixels). */
  async drag(from: Locator, to: Locator, offset = { x: 10, y: 0 }) {
    const a = await from.boundingBox();
    const b = await to.boundingBox();
    if (!a || !b) throw new Error("drag: element not visible");
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(a.x + a.width / 2 + 5, a.y + a.height / 2 + 5, { steps: 5 });
    await this.page.mouse.move(b.x + offset.x, b.y + b.height / 2 + offset.y, { steps: 15 });
    await this.page.mouse.up();
  }

  rowHandle(row: number) {
    return this.grid.locator(`.ag-row[row-index="${row}"] .ag-row-drag`).first();
  }

  headerCell(name: string) {
    return this.grid.locator(".ag-header-cell", { hasText: name }).first();
  }

  /** Clicks "Add row", in the page's language. */
  async addRow() {
    await this.toolbarButton(await this.word("dataset.addRow")).click();
  }

  /** A toolbar button by its accessible name, in the page's language ("Add row", "Ajouter une ligne"). */
  toolbarButton(name: string) {
    return this.page.getByRole("toolbar").getByRole("button", { name, exact: true });
  }

  /** The toolbar's Columns button, in the page's language: only people who may change columns have it. */
  async columnsButton() {
    return this.toolbarButton(await this.word("dataset.columns"));
  }

  /** Opens the Columns dialog, found by its title in the page's language. */
  async openColumns() {
    await (await this.columnsButton()).click();
    const dialog = this.page.getByRole("dialog", { name: await this.word("columnsDialog.title") });
    await dialog.waitFor();
    return dialog;
  }

  /** The app's text for `key` in the language the page shows. */
  async word(key: string): Promise<string> {
    return word(await pageLanguage(this.page), key);
  }

  /** Adds a text column through the Columns dialog, then closes the dialog. */
  async addColumn(name: string) {
    const dialog = await this.openColumns();
    const newName = dialog.getByRole("textbox", { name: await this.word("columnsDialog.newName") });
    await newName.fill(name);
    await dialog.getByRole("button", { name: await this.word("columnsDialog.add"), exact: true }).click();
    // The form empties once the column is added (it stays filled, with a message, if the name is refused).
    await eventually(async () => {
      if ((await newName.inputValue()) !== "") throw new Error(`column ${name} not added`);
    });
    await dialog.getByRole("button", { name: await this.word("columnsDialog.close"), exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
  }

  /** In the alert shown after the server refused a change from this device. */
  discardLocalChangesButton() {
    return this.page
      .getByRole("alert")
      .getByRole("button", { name: "Discard this device's changes and reload", exact: true });
  }

  /** The table's column headers, left to right. */
  async columnNames(): Promise<string[]> {
    const texts = await this.grid.getByRole("columnheader").allInnerTexts();
    return texts.map((t) => t.trim()).filter((t) => t !== "");
  }

  /** Waits until the table has exactly these columns. */
  async expectColumns(names: string[]) {
    await eventually(async () => {
      const actual = await this.columnNames();
      if (actual.join("|") !== names.join("|")) throw new Error(`columns ${actual.join(", ")}, expected ${names}`);
    });
  }

  async pasteText(text: string) {
    await this.page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await this.page.keyboard.press("Control+V");
  }

  async setLanguage(code: string) {
    await this.page.locator(".language-switcher select").selectOption(code);
  }

  /** Waits until this browser keeps a local copy of `documentName`: the page has opened that epoch. */
  async waitLocalCopy(documentName: string) {
    await this.page.waitForFunction(
      async (name) => (await indexedDB.databases()).some((d) => d.name === `data-patch:${name}`),
      documentName,
    );
  }

  /** Waits until this browser's IndexedDB copy of the dataset holds `text` (edits are stored asynchronously). */
  async waitStoredLocally(text: string) {
    await this.page.waitForFunction(async (needle) => {
      const names = (await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith("data-patch:"));
      for (const name of names) {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(name as string);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const updates = await new Promise<Uint8Array[]>((resolve, reject) => {
          const request = db.transaction("updates").objectStore("updates").getAll();
          request.onsuccess = () => resolve(request.result as Uint8Array[]);
          request.onerror = () => reject(request.error);
        });
        db.close();
        const decoder = new TextDecoder();
        if (updates.some((u) => decoder.decode(u).includes(needle))) return true;
      }
      return false;
    }, text);
  }

  presenceNames() {
    return this.page.getByTestId("presence-list").locator("li");
  }
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
