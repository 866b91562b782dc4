/**
 * Screenshots for people to look at, in .e2e-artifacts/ (git-ignored), taken only when
 * E2E_SCREENSHOTS=1, so that an ordinary run writes nothing outside the test's own folders.
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";

const ARTIFACTS = ".e2e-artifacts";

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  if (process.env.E2E_SCREENSHOTS !== "1") return;
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, ...options });
}
