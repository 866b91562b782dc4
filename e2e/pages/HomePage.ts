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

  /** The create form's section, by its heading. */
  createForm() {
    return this.page.getByRole("region", { name: "Create a dataset", exact: true });
  }

  /** Fills the create form (in English) by its labels, and submits it. */
  async createDataset(title: string, columns: ColumnSpec[]): Promise<string> {
    const form = this.createForm();
    await form.getByRole("textbox", { name: "Title", exact: true }).fill(title);
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) await form.getByRole("button", { name: "Add a column", exact: true }).click();
      const column = columns[i] as ColumnSpec;
      const n = i + 1;
      await form.getByRole("textbox", { name: `Column ${n} name`, exact: true }).fill(column.name);
      if (column.type) {
        await form.getByRole("combobox", { name: `Column ${n} type`, exact: true }).selectOption(column.type);
      }
      if (column.choices) {
        await form.getByRole("textbox", { name: new RegExp(`^Column ${n} choices`) }).fill(column.choices);
      }
    }
    await form.getByRole("button", { name: "Create dataset", exact: true }).click();
    await this.page.waitForURL(/\/datasets\/[0-9A-Za-z]{12}$/);
    return new URL(this.page.url()).pathname.split("/").pop() as string;
  }
}
