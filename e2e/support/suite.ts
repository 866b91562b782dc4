/**
 * The common frame of a spec file: one real server and one Chromium for the file, and browser
 * contexts (people) that are closed at the end.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { type ActorOptions, launchBrowser, newActor } from "./browser.ts";
import { startTestServer, type TestServer } from "./server.ts";

/** `env`: the server's configuration for this file (e.g. a shorter `SYNC_WATCHDOG_MS`). */
export function serverAndBrowserForThisFile(env: Record<string, string> = {}) {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer(env);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.dispose();
  });

  return {
    get server(): TestServer {
      if (!server) throw new Error("the server starts in beforeAll");
      return server;
    },
    /** A new person: their own browser context, closed after the file. */
    async newContext(options?: ActorOptions): Promise<BrowserContext> {
      if (!browser || !server) throw new Error("the browser starts in beforeAll");
      const context = await newActor(browser, server.url, options);
      contexts.push(context);
      return context;
    },
  };
}
