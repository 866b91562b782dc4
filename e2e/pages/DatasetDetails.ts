import type { Locator, Page } from "playwright-core";

export type DetailsPatch = Partial<Record<"Title" | "Description" | "Source" | "Licence" | "Keywords", string>>;

/** A dataset's details under its title (in English): what is shown, and the form to edit them. */
export class DatasetDetails {
  readonly page: Page;
  readonly about: Locator;
  constructor(page: Page) {
    this.page = page;
    this.about = page.getByRole("region", { name: "About this dataset", exact: true });
  }

  title() {
    return this.page.getByRole("heading", { level: 1 });
  }

  editButton() {
    return this.about.getByRole("button", { name: "Edit details", exact: true });
  }

  form() {
    return this.page.getByRole("form", { name: "Dataset details", exact: true });
  }

  /** The value shown for a fact (Licence, Source), by its term. */
  fact(term: "Licence" | "Source") {
    return this.about.locator(`dt:text-is("${term}") + dd`);
  }

  keywords() {
    return this.about.locator("dt:text-is('Keywords') + dd").getByRole("listitem");
  }

  async edit(patch: DetailsPatch) {
    await this.editButton().click();
    const form = this.form();
    // The licence box suggests common licences (a datalist), which makes it a combobox.
    for (const [label, value] of Object.entries(patch))
      await form.getByRole(label === "Licence" ? "combobox" : "textbox", { name: label, exact: true }).fill(value);
    await form.getByRole("button", { name: "Save details", exact: true }).click();
    await this.about.getByRole("status").getByText("Details saved").waitFor();
  }
}
