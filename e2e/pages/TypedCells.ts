import type { Locator } from "playwright-core";
import type { DatasetPage } from "./DatasetPage.ts";

/** The parts of typed cells a person meets in the grid: the choice list, links in URL and email cells. */
export class TypedCells {
  readonly dataset: DatasetPage;
  constructor(dataset: DatasetPage) {
    this.dataset = dataset;
  }

  /** The text box of the open choice editor, named after its column. */
  choiceBox(column: string): Locator {
    return this.dataset.page.getByRole("combobox", { name: column, exact: true });
  }

  /** The choices the open editor offers, in order. */
  choiceOptions(column: string): Locator {
    return this.dataset.page.getByRole("listbox", { name: column, exact: true }).getByRole("option");
  }

  async choiceTexts(column: string): Promise<string[]> {
    return (await this.choiceOptions(column).allInnerTexts()).map((t) => t.trim());
  }

  /** The highlighted choice's text (null: none). */
  async highlightedChoice(column: string): Promise<string | null> {
    const options = this.choiceOptions(column);
    const selected = options.and(this.dataset.page.locator('[aria-selected="true"]'));
    return (await selected.count()) === 0 ? null : ((await selected.textContent()) ?? "").trim();
  }

  /** The link in a cell (a URL or email cell that links somewhere). */
  async link(row: number, column: string): Promise<Locator> {
    return (await this.dataset.cell(row, column)).getByRole("link");
  }

  /** Whether the end of an element's text is visible on screen (not cut off by its cell or covered by the next one). */
  async shownWhole(element: Locator): Promise<boolean> {
    return element.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const hit = document.elementFromPoint(box.right - 2, box.top + box.height / 2);
      return hit !== null && el.contains(hit);
    });
  }
}
