import type { Locator, Page } from "playwright-core";

/** Text boxes by label; `Licence` and `Update frequency` are lists, chosen by the option's words. */
export type DetailsPatch = Partial<
  Record<
    | "Title"
    | "Description"
    | "Source"
    | "Licence"
    | "Licence name"
    | "Licence link"
    | "Keywords"
    | "Update frequency"
    | "Area covered"
    | "Link to the area",
    string
  >
>;
const lists = new Set(["Licence", "Update frequency"]);

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

  /** The value shown for a fact, by its term. */
  fact(term: "Licence" | "Source" | "Update frequency" | "Area covered") {
    return this.about.locator(`dt:text-is("${term}") + dd`);
  }

  keywords() {
    return this.about.locator("dt:text-is('Keywords') + dd").getByRole("listitem");
  }

  /** A list of the form (Licence, Update frequency): its chosen option's words. */
  async chosen(label: "Licence" | "Update frequency") {
    return this.form()
      .getByRole("combobox", { name: label, exact: true })
      .evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent ?? "");
  }

  /** Fills the form in the order given (choose "Another licence…" before its name) and saves. */
  async edit(patch: DetailsPatch) {
    if (!(await this.form().isVisible())) await this.editButton().click();
    const form = this.form();
    for (const [label, value] of Object.entries(patch)) {
      if (lists.has(label))
        await form.getByRole("combobox", { name: label, exact: true }).selectOption({ label: value });
      else await form.getByRole("textbox", { name: label, exact: true }).fill(value);
    }
    await form.getByRole("button", { name: "Save details", exact: true }).click();
    await this.about.getByRole("status").getByText("Details saved").waitFor();
  }
}
