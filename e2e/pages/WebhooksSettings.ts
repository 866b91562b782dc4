import type { Locator, Page } from "playwright-core";

export type WebhookEventLabel = "Data changes" | "Proposal decisions";

/** The Webhooks section of a dataset's settings page (in English), by roles and names. */
export class WebhooksSettings {
  readonly page: Page;
  readonly section: Locator;
  constructor(page: Page) {
    this.page = page;
    this.section = page.getByRole("region", { name: "Webhooks", exact: true });
  }

  async goto(datasetId: string) {
    await this.page.goto(`/datasets/${datasetId}/settings`);
    await this.section.waitFor();
  }

  /** Fills the form and adds the webhook; the events not named are unticked. */
  async add(url: string, events: WebhookEventLabel[] = ["Data changes", "Proposal decisions"]) {
    const form = this.section.getByRole("form", { name: "Add a webhook", exact: true });
    await form.getByRole("textbox", { name: "Address (URL)" }).fill(url);
    for (const label of ["Data changes", "Proposal decisions"] as const)
      await form.getByRole("checkbox", { name: label }).setChecked(events.includes(label));
    await form.getByRole("button", { name: "Add webhook", exact: true }).click();
  }

  /** The secret shown once after adding the webhook to `url`. */
  secretField(url: string) {
    return this.section.getByRole("textbox", { name: `Signing secret of the webhook to ${url}`, exact: true });
  }

  endpoint(url: string) {
    return this.section
      .getByRole("listitem")
      .filter({ has: this.page.getByRole("heading", { name: url, exact: true }) });
  }

  button(name: "Send a test" | "New secret" | "Pause" | "Resume" | "Delete", url: string) {
    return this.endpoint(url).getByRole("button", { name: `${name} ${url}`, exact: true });
  }

  async delete(url: string) {
    await this.button("Delete", url).click();
    await this.endpoint(url).getByRole("button", { name: "Delete this webhook", exact: true }).click();
  }

  log(url: string) {
    return this.section.getByRole("table", { name: `Last deliveries to ${url}`, exact: true });
  }

  /** The log's rows, newest first: { Time, Event, Result, Attempts, "Next try" }. */
  async logRows(url: string): Promise<Record<string, string>[]> {
    const table = this.log(url);
    if ((await table.count()) === 0) return [];
    const headers = await table.getByRole("columnheader").allTextContents();
    const rows = await table.locator("tbody").getByRole("row").all();
    return Promise.all(
      rows.map(async (row) => {
        const cells = await row.getByRole("cell").allInnerTexts();
        return Object.fromEntries(headers.map((h, i) => [h, cells[i]?.trim() ?? ""]));
      }),
    );
  }

  status() {
    return this.section.getByRole("status").first();
  }

  alert() {
    return this.section.getByRole("alert").first();
  }
}
