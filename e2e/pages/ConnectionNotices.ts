import type { Locator, Page } from "playwright-core";

/** The dataset page's connection status as it states it, and the notice of changes that could not be saved. */
export class ConnectionNotices {
  readonly page: Page;
  readonly status: Locator;
  readonly unsaved: Locator;
  constructor(page: Page) {
    this.page = page;
    this.status = page.getByRole("status").filter({ has: page.getByText("Connection:") });
    this.unsaved = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: /could not be saved/ }) });
  }

  /** What the status says: connected, sending, connecting, offline, stuck or refused. */
  async state(): Promise<string | null> {
    return this.status.getAttribute("data-state");
  }

  async waitState(state: string) {
    await this.page.locator(`[data-testid="connection-status"][data-state="${state}"]`).waitFor();
  }

  retryButton(): Locator {
    return this.status.getByRole("button", { name: "Retry" });
  }

  /** The notice's table, row by row: [row, column, value]. */
  async unsavedRows(): Promise<string[][]> {
    await this.unsaved.waitFor();
    const rows = this.unsaved.getByRole("row");
    const out: string[][] = [];
    for (let i = 1; i < (await rows.count()); i++) out.push(await rows.nth(i).getByRole("cell").allTextContents());
    return out;
  }

  async copyUnsaved(): Promise<string> {
    await this.unsaved.getByRole("button", { name: "Copy the changes" }).click();
    await this.unsaved.getByRole("status").filter({ hasText: "Copied" }).waitFor();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }
}
