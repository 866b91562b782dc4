/**
 * The common frame of a spec file: one real server and one Chromium for the file, and browser
 * contexts (people) that are closed at the end. With `mailbox`, the server sends its email to a real
 * SMTP server on loopback (server/test/mailbox.ts) that the spec reads.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { ImportHold } from "../../server/import/importJobs.ts";
import { startMailbox } from "../../server/test/mailbox.ts";
import { type ActorOptions, launchBrowser, newActor } from "./browser.ts";
import { startTestServer, type TestServer } from "./server.ts";

/**
 * `env`: the server's configuration for this file (e.g. a shorter `SYNC_WATCHDOG_MS`).
 * `importHold`: import jobs held at chosen phases (server/test/importHolds.ts).
 */
export function serverAndBrowserForThisFile(
  env: Record<string, string> = {},
  { mailbox: withMailbox = false, importHold }: { mailbox?: boolean; importHold?: ImportHold } = {},
) {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let mailbox: Awaited<ReturnType<typeof startMailbox>> | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (withMailbox) mailbox = await startMailbox();
    server = await startTestServer({ ...env, ...(mailbox ? { SMTP_URL: mailbox.smtpUrl } : {}) }, { importHold });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.dispose();
    await mailbox?.close();
  });

  return {
    get server(): TestServer {
      if (!server) throw new Error("the server starts in beforeAll");
      return server;
    },
    /** The loopback SMTP server the server mails to (with `{ mailbox: true }`). */
    get mailbox() {
      if (!mailbox) throw new Error("ask for serverAndBrowserForThisFile({}, { mailbox: true })");
      return mailbox;
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
