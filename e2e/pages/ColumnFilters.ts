import type { Locator, Page } from "playwright-core";
import { eventually } from "../support/eventually.ts";

/**
 * The column filters of the dataset page: the panel a column header opens, the active filters in
 * words above the grid, and the row count. Controls are found by role and by the names a person
 * reads, which the test gives in the page's language.
 */
export class ColumnFilters {
  readonly page: Page;
  readonly rowCount: Locator;
  constructor(page: Page) {
    this.page = page;
    this.rowCount = page.getByRole("toolbar").locator(".row-count");
  }

  header(column: string): Locator {
    return this.page.getByRole("columnheader", { name: column, exact: true });
  }

  /** The filter panel of a column: a form named "Filter <column>" (in the page's language). */
  panel(column: string): Locator {
    return this.page.getByRole("form", { name: new RegExp(`\\b${escapeRegExp(column)}$`) });
  }

  /** Opens a column's filter from the keyboard, as AG Grid offers it: Ctrl+Enter on the focused header. */
  async open(column: string): Promise<Locator> {
    await this.header(column).focus();
    await this.page.keyboard.press("Control+Enter");
    const panel = this.panel(column);
    await panel.waitFor();
    return panel;
  }

  /** Opens a column's filter with the mouse, on the funnel of its header (AG Grid hides that icon from the accessibility tree). */
  async openWithMouse(column: string): Promise<Locator> {
    await this.header(column).locator(".ag-header-cell-filter-button").click();
    const panel = this.panel(column);
    await panel.waitFor();
    return panel;
  }

  async close(column: string) {
    await this.page.keyboard.press("Escape");
    await this.panel(column).waitFor({ state: "hidden" });
  }

  /** The active filters above the grid, a region named e.g. "Active filters". */
  summary(name: string): Locator {
    return this.page.getByRole("region", { name });
  }

  /** The sentences of the active filters, in order. */
  async sentences(name: string): Promise<string[]> {
    if ((await this.summary(name).count()) === 0) return [];
    return (await this.summary(name).getByRole("listitem").allInnerTexts()).map((t) => t.replace(/×\s*$/, "").trim());
  }

  async expectSentences(name: string, expected: string[]) {
    await eventually(async () => {
      const actual = await this.sentences(name);
      if (actual.join("|") !== expected.join("|"))
        throw new Error(`filters ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    });
  }

  async expectRowCount(text: string) {
    await eventually(async () => {
      const actual = ((await this.rowCount.textContent()) ?? "").trim();
      if (actual !== text) throw new Error(`row count "${actual}", expected "${text}"`);
    });
  }
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
