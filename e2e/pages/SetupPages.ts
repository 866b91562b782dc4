/** Page model of a new instance's first run: the banner on every page and the setup page (English names). */
import type { Page } from "playwright-core";

export type Administrator = { code: string; name: string; email: string; password: string };

export class SetupPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  /** The notice every page shows while the instance has no administrator. */
  banner() {
    return this.page.getByRole("region", { name: "Create the administrator account" });
  }

  async openFromBanner() {
    await this.banner().getByRole("link", { name: "Create the administrator account" }).click();
    await this.page.getByRole("heading", { name: "Create the administrator account" }).waitFor();
  }

  /** Fills the form by its labels and submits it (then look for the outcome: signed in, or an alert). */
  async submit(admin: Administrator) {
    const page = this.page;
    await page.getByLabel("Setup code").fill(admin.code);
    await page.getByLabel("Name", { exact: true }).fill(admin.name);
    await page.getByLabel("Email address").fill(admin.email);
    await page.getByLabel("Password", { exact: true }).fill(admin.password);
    await page.getByRole("button", { name: "Create the administrator account" }).click();
  }

  alert() {
    return this.page.getByRole("alert");
  }
}
