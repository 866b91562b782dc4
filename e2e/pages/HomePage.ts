import type { Page } from "playwright-core";

export type ColumnSpec = { name: string; type?: string; choices?: string };

/** The home page: dataset list and the create form. */
export class HomePage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async goto() {
    await this.page.goto("/");
    await this.page.locator("h1").first().waitFor();
  }

  datasetLink(title: string) {
    return this.page.getByRole("link", { name: title, exact: true });
  }

  /** Fills the create form in the current language (fields found by their position, labels are translated). */
  async createDataset(title: string, columns: ColumnSpec[]): Promise<string> {
    const form = this.page.locator("form");
    await form.locator("input").first().fill(title);
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) await form.locator("fieldset > button").click();
      const row = form.locator(".draft-column").nth(i);
      const column = columns[i] as ColumnSpec;
      await row.locator("input").first().fill(column.name);
      if (column.type) await row.locator("select").selectOption(column.type);
      if (column.choices) await row.locator("input").nth(1).fill(column.choices);
    }
    await form.locator("button[type=submit]").click();
    await this.page.waitForURL(/\/datasets\/[0-9A-Za-z]{12}$/);
    return new URL(this.page.url()).pathname.split("/").pop() as string;
  }
}
