/**
 * A new instance's first hour in the browser, with no email server: the first visit offers to create
 * the administrator, who needs the setup code the server printed in its log (a wrong one is refused)
 * and no email confirmation; an invitation gives a link to copy and send; the invitee's account is
 * confirmed by the administrator; the outbox's links are links. Desktop, then phone width in French.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthPages, DatasetSettingsPage } from "./pages/AccountPages.ts";
import { AdminPage } from "./pages/AdminPage.ts";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { HomePage } from "./pages/HomePage.ts";
import { SetupPage } from "./pages/SetupPages.ts";
import { seriousViolations } from "./support/axe.ts";
import { type ActorOptions, launchBrowser, newActor } from "./support/browser.ts";
import { screenshot } from "./support/screenshots.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer({}, { firstRun: true }); // no SMTP_URL, nobody has claimed it
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.dispose();
});

async function actor(options: ActorOptions = {}): Promise<Page> {
  const context = await newActor(browser, server.url, options);
  contexts.push(context);
  return context.newPage();
}

const shoot = (page: Page, name: string) => screenshot(page, name, { fullPage: true });

describe("the first run, without an email server", () => {
  it("creates the administrator with the printed code, invites by a copied link, confirms the invitee", async () => {
    const ada = { name: "Ada Admin", email: "ada@example.test", password: "a long admin password" };
    const bob = { name: "Bob Helper", email: "bob@example.test", password: "bob's long password" };

    // On a phone, in French, the first visit already says what to do.
    const phone = await actor({ locale: "fr-FR", viewport: { width: 390, height: 844 } });
    await phone.goto("/");
    const frenchBanner = phone.getByRole("region", { name: "Créer le compte administrateur" });
    await frenchBanner.getByText("Ce Data Patch n’a pas encore d’administrateur.").waitFor();
    await frenchBanner.getByRole("link", { name: "Créer le compte administrateur" }).click();
    await phone.getByRole("heading", { name: "Créer le compte administrateur" }).waitFor();
    await phone.getByLabel("Code d’installation").waitFor();
    await shoot(phone, "setup-fr-narrow");
    expect(await seriousViolations(phone)).toEqual([]);

    // Ada, who runs the server, opens it on her computer: the banner leads to the setup page.
    const adaPage = await actor();
    const setup = new SetupPage(adaPage);
    await adaPage.goto("/");
    await setup.banner().waitFor();
    await shoot(adaPage, "first-visit-en-wide");
    await setup.openFromBanner();
    await shoot(adaPage, "setup-en-wide");
    expect(await seriousViolations(adaPage)).toEqual([]);

    // A code that is not the printed one is refused, and nothing is created.
    const code = server.setupCode();
    const wrong = code.replace(/^./, (c) => (c === "A" ? "B" : "A"));
    await setup.submit({ ...ada, code: wrong });
    await setup.alert().filter({ hasText: "This is not the setup code the server printed" }).waitFor();
    await shoot(adaPage, "setup-wrong-code-en-wide");

    // The code from the log: signed in as administrator at once, no email to confirm.
    await setup.submit({ ...ada, code });
    const adaAuth = new AuthPages(adaPage);
    await adaAuth.waitSignedIn(ada.name);
    await adaPage.waitForURL(`${server.url}/`);
    await expect.poll(() => setup.banner().count()).toBe(0);
    expect(
      server
        .logText()
        .split("\n")
        .filter((line) => line.includes(code)),
    ).toHaveLength(1);

    // The setup is closed for everyone else now.
    await phone.goto("/setup");
    await phone.getByText("Ce Data Patch a déjà un administrateur.").waitFor();
    await phone.goto("/");
    await phone.getByRole("link", { name: "Se connecter" }).first().waitFor();
    expect(await phone.getByRole("region", { name: "Créer le compte administrateur" }).count()).toBe(0);

    // She makes a dataset and invites Bob: no email leaves, so she gets the link to send herself.
    const id = await new HomePage(adaPage).createDataset("Repair cafés", [{ name: "Name" }]);
    const adaDataset = new DatasetPage(adaPage);
    await adaDataset.waitForGrid();
    await adaDataset.addRow();
    const settings = new DatasetSettingsPage(adaPage);
    await settings.goto(id);
    const link = await settings.inviteByLink(bob.email, "Editor");
    expect(link).toMatch(new RegExp(`^${server.url}/invitation\\?token=`));
    await adaPage.getByTestId("invitation").filter({ hasText: bob.email }).waitFor();
    expect(await adaPage.getByText("Invitation sent").count()).toBe(0);
    await shoot(adaPage, "invitation-link-en-wide");
    expect(await seriousViolations(adaPage)).toEqual([]);

    // Bob follows the link, signs up: told honestly that no email was sent, and who can confirm him.
    const bobPage = await actor();
    const bobAuth = new AuthPages(bobPage);
    await bobPage.goto(link);
    await bobPage.getByRole("link", { name: "Create an account" }).click();
    await bobAuth.signUp(bob, "One more step");
    await bobPage
      .getByRole("status")
      .filter({ hasText: `so no message was sent to ${bob.email}` })
      .waitFor();
    await shoot(bobPage, "sign-up-no-email-en-wide");
    await bobPage.getByRole("link", { name: "Go to sign in" }).click();
    await bobAuth.signIn(bob.email, bob.password);
    await bobAuth.alert().filter({ hasText: "ask an administrator to confirm your account" }).waitFor();

    // Ada's Administration page: roles, Bob's account confirmed by a button, the outbox's links clickable.
    await adaAuth.userMenuButton(ada.name).click();
    await adaPage.getByRole("link", { name: "Administration" }).click();
    const admin = new AdminPage(adaPage);
    await admin.account(ada.email).getByRole("cell", { name: "Administrator" }).waitFor();
    await admin.account(bob.email).getByRole("cell", { name: "Member" }).waitFor();
    const invitationMail = admin.mailsTo(bob.email).filter({ hasText: "Repair cafés" });
    expect(await invitationMail.getByRole("link", { name: link }).getAttribute("href")).toBe(link);
    expect(
      await admin
        .mailsTo(bob.email)
        .getByRole("link", { name: /\/verify-email\?token=/ })
        .count(),
    ).toBe(1);
    await admin.confirm(bob.email);
    expect(
      await admin
        .account(bob.email)
        .getByRole("button", { name: `Confirm ${bob.email}` })
        .count(),
    ).toBe(0);
    await shoot(adaPage, "admin-first-run-en-wide");
    expect(await seriousViolations(adaPage)).toEqual([]);

    // Bob signs in, lands back on the invitation, accepts it and edits.
    await bobAuth.signIn(bob.email, bob.password);
    await bobPage.getByRole("button", { name: "Accept the invitation" }).click();
    await bobPage.getByText("You joined “Repair cafés”.").waitFor();
    await bobPage.getByRole("link", { name: "Open “Repair cafés”" }).click();
    const bobDataset = new DatasetPage(bobPage);
    await bobDataset.waitForGrid();
    await bobDataset.waitConnected();
    await bobDataset.editCell(0, "Name", "Town hall");
    await adaDataset.goto(id);
    await adaDataset.expectCell(0, "Name", "Town hall");
  });
});
