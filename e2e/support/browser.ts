/** Chromium through playwright-core, with the flags this environment needs. */
import { type Browser, type BrowserContext, chromium } from "playwright-core";
import { chromiumPath } from "./chromiumPath.ts";

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}

export type ActorOptions = { locale?: string; viewport?: { width: number; height: number } };

/** A person: their own browser context (storage, IndexedDB, service worker), in English by default. */
export async function newActor(browser: Browser, baseURL: string, options: ActorOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    locale: options.locale ?? "en-GB",
    viewport: options.viewport ?? { width: 1280, height: 800 },
    permissions: ["clipboard-read", "clipboard-write"],
  });
  context.setDefaultTimeout(15_000);
  return context;
}
