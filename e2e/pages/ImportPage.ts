import type { Page } from "playwright-core";

/** The import page, found by role and accessible name (English words). */
export class ImportPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async goto() {
    await this.page.goto("/import");
    await this.page.getByRole("heading", { name: "Import a file", exact: true }).waitFor();
  }

  /** Drops a file on the page as a person dragging it from their desktop would. */
  async dropFile(name: string, content: string, type = "text/csv") {
    await dropFile(this.page, name, content, type);
  }

  async pickFile(name: string, content: string) {
    await this.page
      .getByLabel("Choose a file", { exact: true })
      .setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(content) });
  }

  preview() {
    return this.page.getByRole("form", { name: /^How .* is read$/ });
  }

  /** Picks a Frictionless Table Schema beside the file; the preview is read again with it. */
  async applyTableSchema(name: string, schema: object) {
    await this.page
      .getByLabel("Column types from a Table Schema (optional)", { exact: true })
      .setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(schema)) });
    await this.status()
      .filter({ hasText: `${name} applied` })
      .waitFor();
  }

  columnType(name: string) {
    return this.page.getByRole("combobox", { name: `Type of column ${name}`, exact: true });
  }

  previewCells() {
    return this.page.getByRole("region", { name: "First rows as they will be stored", exact: true }).locator("td");
  }

  /** Starts the import and returns at once (the import runs on the server, with a progress bar). */
  async startCreating(title: string) {
    await this.page.getByRole("textbox", { name: "Title of the new dataset", exact: true }).fill(title);
    await this.page.getByRole("button", { name: /^Create the dataset/ }).click();
  }

  async create(title: string) {
    await this.startCreating(title);
    await this.page.waitForURL(/\/datasets\/[0-9A-Za-z]{12}$/);
    return new URL(this.page.url()).pathname.split("/").pop() as string;
  }

  progressBar() {
    return this.page.getByRole("progressbar", { name: "Import progress", exact: true });
  }

  async cancel() {
    await this.page.getByRole("button", { name: "Cancel the import", exact: true }).click();
  }

  status() {
    return this.page.getByRole("status");
  }
}

/** Drags a file over the page (which then says it takes it) and drops it. */
async function dropFile(page: Page, name: string, content: string, type: string) {
  const transfer = await page.evaluateHandle(
    ({ name, content, type }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], name, { type }));
      return transfer;
    },
    { name, content, type },
  );
  await page.dispatchEvent("body", "dragover", { dataTransfer: transfer });
  await page.getByText(/^(Drop the file to read it|Déposez le fichier pour le lire)$/).waitFor();
  await page.dispatchEvent("body", "drop", { dataTransfer: transfer });
}

/** The page that updates a dataset from a new version of its file. */
export class UpdateFromFilePage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async pickFile(name: string, content: string) {
    await this.page
      .getByLabel("Choose a file", { exact: true })
      .setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(content) });
  }

  async dropFile(name: string, content: string) {
    await dropFile(this.page, name, content, "text/csv");
  }

  async chooseKey(name: string) {
    await this.page
      .getByRole("combobox", { name: "Key column (identifies each row)", exact: true })
      .selectOption({ label: name });
  }

  async deleteMissing() {
    await this.page
      .getByRole("checkbox", { name: "Delete the rows that are no longer in the file", exact: true })
      .check();
  }

  changes() {
    return this.page.getByRole("region", { name: "What the update does", exact: true });
  }

  /** Asks for the changes; gives the counts (added, changed, deleted or kept, unchanged). */
  async previewChanges(): Promise<string[]> {
    await this.page.getByRole("button", { name: "See the changes", exact: true }).click();
    await this.changes().waitFor();
    return this.changes().getByRole("list").first().getByRole("listitem").allTextContents();
  }

  /** The rows concerned, by group ("Added", "Changed", "Deleted"…): each list's items. */
  async rowsConcerned(group: string): Promise<string[]> {
    const rows = this.page.getByRole("region", { name: "The rows concerned", exact: true });
    return rows
      .getByRole("heading", { name: group, exact: true })
      .locator("xpath=following-sibling::ul[1]")
      .getByRole("listitem")
      .allTextContents();
  }

  applyButton() {
    return this.page.getByRole("button", { name: "Apply the update", exact: true });
  }

  /** Starts the update and returns at once (it runs on the server, with a progress bar). */
  async startApplying() {
    await this.page.getByRole("button", { name: "Apply the update", exact: true }).click();
  }

  async apply() {
    await this.startApplying();
    await this.page.waitForURL(/\/datasets\/[0-9A-Za-z]{12}$/);
  }

  /** The progress bar, once it says `doing` (its accessible value, as the status line beside it). */
  async progressSays(doing: string) {
    await this.page
      .getByRole("progressbar", { name: "Import progress", exact: true })
      .and(this.page.locator(`[aria-valuetext="${doing}"]`))
      .waitFor();
    await this.page.getByRole("status").filter({ hasText: doing }).waitFor();
  }
}
