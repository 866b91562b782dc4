/** Page model of /admin (English names): accounts with their role, confirming one, the outbox. */
import type { Page } from "playwright-core";

export class AdminPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async goto() {
    await this.page.goto("/admin");
    await this.page.getByRole("heading", { name: "Outbox" }).waitFor();
  }

  /** The row of the account that uses `email`. */
  account(email: string) {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("cell", { name: email, exact: true }) });
  }

  async confirm(email: string) {
    await this.page.getByRole("button", { name: `Confirm ${email}` }).click();
    await this.page
      .getByRole("status")
      .filter({ hasText: `${email} is confirmed and can sign in.` })
      .waitFor();
  }

  /** The outbox's mails to `recipient`, newest first. */
  mailsTo(recipient: string) {
    return this.page.getByTestId("outbox-mail").filter({ hasText: `To ${recipient}` });
  }
}
