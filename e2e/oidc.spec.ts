/**
 * Sign-in through a real OpenID Connect provider (oidc-provider on loopback) in the browser: the
 * provider's button, its login and consent pages, and back to Data Patch signed in; a cancelled
 * sign-in lands on the sign-in page with its message.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, TEST_CLIENT } from "../server/test/oidcProvider.ts";
import { AuthPages } from "./pages/AccountPages.ts";
import { launchBrowser, newActor } from "./support/browser.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

let provider: Awaited<ReturnType<typeof startOidcProvider>>;
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  provider = await startOidcProvider({
    alice: { email: "alice@example.test", email_verified: true, name: "Alice Martin" },
  });
  server = await startTestServer({
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: TEST_CLIENT.id,
    OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
    OIDC_NAME: "Example SSO",
  });
  provider.allowRedirectUri(`${server.url}/api/auth/oauth/oidc/callback`);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.dispose();
  await provider?.close();
});

async function actor() {
  const context = await newActor(browser, server.url);
  contexts.push(context);
  return context.newPage();
}

describe("sign-in with OpenID Connect", () => {
  it("signs in through the provider's pages and comes back signed in, to the page asked for", async () => {
    const page = await actor();
    await page.goto("/sign-in?next=%2Fworkspaces");
    await page.getByRole("link", { name: "Sign in with Example SSO" }).click();

    // The provider's own pages: login, then consent.
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill("alice");
    await page.locator('input[name="password"]').fill("any password");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();

    await page.waitForURL(`${server.url}/workspaces`);
    await new AuthPages(page).waitSignedIn("Alice Martin");
    await page.getByRole("heading", { name: "Workspaces" }).waitFor();
    const account = await page.evaluate(() => fetch("/api/account").then((r) => r.json()));
    expect(account.user).toMatchObject({ email: "alice@example.test", name: "Alice Martin" });
  });

  it("shows why when the person cancels at the provider", async () => {
    const page = await actor();
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Sign in with Example SSO" }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.getByRole("link", { name: "[ Cancel ]" }).click();
    await page.waitForURL(`${server.url}/sign-in?error=oauth-denied`);
    await page.getByRole("alert").filter({ hasText: "The sign-in was cancelled at the provider." }).waitFor();
  });
});
