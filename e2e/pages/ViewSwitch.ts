import type { Locator, Page } from "playwright-core";
import { pageLanguage, word } from "../support/words.ts";

/** The dataset page's views (Table, Cards, Map) and what each shows. */
export class DatasetViews {
  readonly page: Page;
  readonly map: Locator;
  constructor(page: Page) {
    this.page = page;
    this.map = page.getByTestId("dataset-map");
  }

  private async word(key: string) {
    return word(await pageLanguage(this.page), key);
  }

  async choose(view: "grid" | "cards" | "map") {
    const group = this.page.getByRole("group", { name: await this.word("share.views.label") });
    const button = group.getByRole("button", { name: await this.word(`share.views.${view}`) });
    await button.click();
    await this.page
      .locator(`button[aria-pressed="true"]`, { hasText: await this.word(`share.views.${view}`) })
      .waitFor();
  }

  async cards(): Promise<Locator> {
    return this.page.getByRole("region", { name: await this.word("share.cards.label") }).getByRole("listitem");
  }

  async mapRegion(): Promise<Locator> {
    return this.page.getByRole("region", { name: await this.word("share.map.label") });
  }
}
