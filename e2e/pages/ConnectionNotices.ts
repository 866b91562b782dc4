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

  /** `timeout`: for states that come only after the session's own bounds (stuck), longer than Playwright's 15 s. */
  async waitState(state: string, timeout?: number) {
    await this.page.locator(`[data-testid="connection-status"][data-state="${state}"]`).waitFor({ timeout });
  }

  /**
   * From now on, notes every state the status passes through, in order, however briefly (a
   * MutationObserver in the page); `seen()` returns them, starting with the current one.
   */
  async recordStates(): Promise<{ seen(): Promise<string[]> }> {
    await this.page.evaluate(() => {
      const current = () =>
        document.querySelector('[data-testid="connection-status"]')?.getAttribute("data-state") ?? "none";
      const seen = [current()];
      new MutationObserver(() => {
        if (current() !== seen.at(-1)) seen.push(current());
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
      (window as unknown as { connectionStates: string[] }).connectionStates = seen;
    });
    return {
      seen: () => this.page.evaluate(() => [...(window as unknown as { connectionStates: string[] }).connectionStates]),
    };
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
