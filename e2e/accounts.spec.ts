/**
 * Accounts and rights in the browser, against a real server and a loopback SMTP server: sign-up with
 * the emailed link, sign-in, inviting someone by email who signs up and edits, a private dataset
 * hidden from a stranger; workspaces (drag and drop, keyboard), API tokens; axe on the new pages.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAdmin } from "../scripts/admin.ts";
import { startMailbox } from "../server/test/mailbox.ts";
import { createUserSession } from "../server/test/testServer.ts";
import { AuthPages, DatasetSettingsPage } from "./pages/AccountPages.ts";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { HomePage } from "./pages/HomePage.ts";
import { createDataset, createPerson, signIn } from "./support/api.ts";
import { seriousViolations } from "./support/axe.ts";
import { type ActorOptions, launchBrowser, newActor } from "./support/browser.ts";
import { screenshot } from "./support/screenshots.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

let server: TestServer;
let browser: Browser;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
const contexts: BrowserContext[] = [];
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  mailbox = await startMailbox();
  server = await startTestServer({ SMTP_URL: mailbox.smtpUrl, AUTH_ATTEMPTS_PER_MINUTE: "1000" });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.dispose();
  await mailbox?.close();
});

async function actor(options: ActorOptions = {}): Promise<Page> {
  const context = await newActor(browser, server.url, options);
  contexts.push(context);
  return context.newPage();
}

async function expectNoSeriousViolations(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

const shoot = (page: Page, name: string) => screenshot(page, name, { fullPage: true });

describe("accounts in the browser", () => {
  it("signs up, confirms by email, invites someone who edits, and hides a private dataset from strangers", async () => {
    const alice = { name: "Alice Owner", email: "alice@example.test", password: PASSWORD };
    const bob = { name: "Bob Member", email: "bob@example.test", password: PASSWORD };

    // Alice signs up; the link in the email confirms her address after a button press.
    const alicePage = await actor();
    const aliceAuth = new AuthPages(alicePage);
    await alicePage.goto("/");
    await alicePage.getByTestId("sign-in-cta").waitFor(); // signed out: no create form
    await alicePage.goto("/sign-up");
    await expectNoSeriousViolations(alicePage);
    // Sent empty, then with a mistyped address: the field to mend is marked and has the focus.
    const focused = (label: string) =>
      alicePage.getByLabel(label, { exact: true }).evaluate((element) => element === document.activeElement);
    await alicePage.getByRole("button", { name: "Create my account" }).click();
    await aliceAuth.alert().filter({ hasText: "Fill in every field." }).waitFor();
    expect(await alicePage.getByLabel("Name", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await focused("Name")).toBe(true);
    await alicePage.getByLabel("Name", { exact: true }).fill(alice.name);
    await alicePage.getByLabel("Email address").fill("alice.example.test");
    await alicePage.getByLabel("Password", { exact: true }).fill(alice.password);
    await alicePage.getByRole("button", { name: "Create my account" }).click();
    await expect.poll(() => focused("Email address")).toBe(true);
    expect(await alicePage.getByLabel("Email address").getAttribute("aria-invalid")).toBe("true");
    expect(await alicePage.getByLabel("Name", { exact: true }).getAttribute("aria-invalid")).toBeNull();
    await aliceAuth.signUp(alice);
    const verification = await mailbox.mail(alice.email, 1);
    expect(verification.link).toContain("/verify-email?token=");
    await alicePage.goto("/sign-in");
    await aliceAuth.signIn(alice.email, alice.password);
    await aliceAuth.alert().filter({ hasText: "Confirm your email address first" }).waitFor();
    await aliceAuth.followEmailLink(verification.link as string, "Confirm my address");
    await alicePage.getByText("Your address is confirmed.").waitFor();
    await alicePage.getByRole("link", { name: "Sign in" }).last().click();
    await expectNoSeriousViolations(alicePage);
    await aliceAuth.signIn(alice.email, "wrong password!");
    await aliceAuth.alert().filter({ hasText: "Wrong email address or password." }).waitFor();
    await aliceAuth.signIn(alice.email, alice.password);
    await aliceAuth.waitSignedIn(alice.name);
    await alicePage.waitForURL(`${server.url}/`);

    // She creates a dataset with one row.
    const id = await new HomePage(alicePage).createDataset("Polling stations", [{ name: "Name" }]);
    const aliceDataset = new DatasetPage(alicePage);
    await aliceDataset.waitForGrid();
    await aliceDataset.addRow();
    await aliceDataset.expectRowCount(1);

    // Settings: the dataset starts private; she invites Bob as editor.
    await alicePage.getByRole("link", { name: "Settings" }).click();
    const settings = new DatasetSettingsPage(alicePage);
    await alicePage.getByRole("heading", { name: "Who can see and edit" }).waitFor();
    expect(await alicePage.getByRole("radio", { name: "Private" }).isChecked()).toBe(true);
    // An address without its @ is refused before anything is sent, the focus back in it to correct.
    const inviteForm = alicePage.locator("form", {
      has: alicePage.getByRole("button", { name: "Send the invitation" }),
    });
    const invitee = inviteForm.getByRole("textbox", { name: "Email address" });
    await invitee.fill("bob.example.org");
    await inviteForm.getByRole("button", { name: "Send the invitation" }).click();
    await alicePage.getByRole("alert").filter({ hasText: "Enter an email address" }).waitFor();
    expect(await invitee.evaluate((field) => field === document.activeElement)).toBe(true);
    await settings.invite(bob.email, "Editor");
    await alicePage.getByTestId("invitation").filter({ hasText: bob.email }).waitFor();
    await shoot(alicePage, "settings-en-wide");
    await expectNoSeriousViolations(alicePage);
    // The last owner cannot leave.
    await alicePage
      .getByTestId("member")
      .filter({ hasText: alice.name })
      .getByRole("button", { name: "Remove" })
      .click();
    await alicePage.getByRole("alert").filter({ hasText: "at least one owner" }).waitFor();
    await aliceDataset.goto(id);

    // Bob opens the invitation signed out: asked to sign up first, keeping the link.
    const invitation = await mailbox.mail(bob.email, 1);
    expect(invitation.mail.subject).toContain("Polling stations");
    const bobPage = await actor();
    const bobAuth = new AuthPages(bobPage);
    await bobPage.goto(invitation.link as string);
    await bobPage.getByRole("link", { name: "Create an account" }).click();
    await bobAuth.signUp(bob);
    await bobAuth.followEmailLink((await mailbox.mail(bob.email, 2)).link as string, "Confirm my address");
    await bobPage.getByText("Your address is confirmed.").waitFor();
    // Signing in from there leads back to the invitation.
    await bobPage.getByRole("link", { name: "Sign in" }).last().click();
    await bobAuth.signIn(bob.email, bob.password);
    await bobPage.getByRole("button", { name: "Accept the invitation" }).click();
    await bobPage.getByText("You joined “Polling stations”.").waitFor();
    await bobPage.getByRole("link", { name: "Open “Polling stations”" }).click();

    // Bob edits a cell; Alice sees it.
    const bobDataset = new DatasetPage(bobPage);
    await bobDataset.waitForGrid();
    await bobDataset.waitConnected();
    await bobDataset.editCell(0, "Name", "Town hall");
    await aliceDataset.expectCell(0, "Name", "Town hall");

    // The invitation link works once.
    await bobAuth.followEmailLink(invitation.link as string, "Accept the invitation");
    await bobAuth.alert().filter({ hasText: "invalid" }).waitFor();

    // Public for reading: a stranger finds it; private again: not listed, "does not exist"; Bob still opens it.
    await settings.goto(id);
    await settings.setOpenness("Public, read only");
    const stranger = await createPerson(server, "Carol");
    const carolPage = await actor();
    await signIn(carolPage.context(), server, stranger);
    const carolHome = new HomePage(carolPage);
    await carolHome.goto();
    await carolHome.datasetLink("Polling stations").waitFor();
    await settings.setOpenness("Private");
    await carolHome.goto();
    await carolPage.locator(".dataset-list, p").first().waitFor();
    await expect.poll(() => carolHome.datasetLink("Polling stations").count()).toBe(0);
    await carolPage.goto(`/datasets/${id}`);
    await carolPage.getByRole("alert").filter({ hasText: "This dataset does not exist." }).waitFor();
    await bobDataset.goto(id);
    await bobDataset.expectCell(0, "Name", "Town hall");

    // Signing up first made Alice no administrator (the harness claimed the instance with its setup
    // code); the person who runs the server promotes her. Every account is listed, with its role.
    await runAdmin(["promote", alice.email], { DATA_DIR: server.dataDir });
    await alicePage.reload();
    await aliceAuth.userMenuButton(alice.name).click();
    await alicePage.getByRole("link", { name: "Administration" }).click();
    await alicePage.getByRole("heading", { name: "4 accounts" }).waitFor();
    await alicePage.getByRole("row", { name: new RegExp(`${bob.email}.*Member`) }).waitFor();
    await alicePage.getByRole("row", { name: new RegExp(`${alice.email}.*Administrator`) }).waitFor();
    await alicePage.getByText("An SMTP server is configured: emails are sent, not kept here.").waitFor();
    await alicePage.getByRole("cell", { name: bob.email }).waitFor();
    await shoot(alicePage, "admin-en-wide");

    // Signing out from the menu also deletes the datasets kept on this device.
    const localCopies = () =>
      alicePage.evaluate(
        async () => (await indexedDB.databases()).filter((d) => d.name?.startsWith("data-patch:")).length,
      );
    expect(await localCopies()).toBeGreaterThan(0);
    await aliceAuth.userMenuButton(alice.name).click();
    await alicePage.getByRole("button", { name: "Sign out" }).click();
    await alicePage.locator("header").getByRole("link", { name: "Sign in" }).waitFor();
    await expect.poll(localCopies).toBe(0);
  });

  it("moves datasets between workspaces by drag and drop and from the keyboard", async () => {
    const owner = await createPerson(server, "Dora");
    const { id } = await createDataset(
      server,
      owner,
      { title: "Repair cafés", columns: [{ name: "Name" }] },
      "private",
    );
    const page = await actor();
    await signIn(page.context(), server, owner);
    await page.goto("/workspaces");
    const workspaces = page.getByTestId("workspace");
    await workspaces.first().getByText("Repair cafés").waitFor();
    const personal = (await workspaces.first().getByRole("heading").textContent()) as string;

    await page.getByLabel("Workspace name").fill("Neighbourhood team");
    await page.getByRole("button", { name: "Create the workspace" }).click();
    const team = workspaces.filter({ has: page.getByRole("heading", { name: "Neighbourhood team" }) });
    await team.waitFor();

    // Drag the card onto the team's workspace.
    await page.getByTestId("dataset-card").filter({ hasText: "Repair cafés" }).dragTo(team);
    await page.getByRole("status").filter({ hasText: "“Repair cafés” moved to Neighbourhood team." }).waitFor();
    await team.getByTestId("dataset-card").filter({ hasText: "Repair cafés" }).waitFor();
    await shoot(page, "workspaces-en-wide");
    await expectNoSeriousViolations(page);

    // Back with the keyboard: "Move to…", then the personal workspace.
    const moveButton = team.getByRole("button", { name: "Move to… Repair cafés" });
    await moveButton.focus();
    await page.keyboard.press("Enter");
    await team.getByRole("button", { name: personal }).focus();
    await page.keyboard.press("Enter");
    await page
      .getByRole("status")
      .filter({ hasText: `moved to ${personal}` })
      .waitFor();
    await workspaces.first().getByTestId("dataset-card").filter({ hasText: "Repair cafés" }).waitFor();
    expect(await team.getByTestId("dataset-card").count()).toBe(0);

    // Groups: create one; adding an address says the same whether or not an account uses it.
    await page.getByLabel("Group name").fill("Volunteers");
    await page.getByRole("button", { name: "Create the group" }).click();
    await page.getByLabel("Add to Volunteers (email address)").fill("nobody@example.test");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page
      .getByRole("status")
      .filter({ hasText: "If an account uses nobody@example.test, it is now a member of Volunteers" })
      .waitFor();
    // A real member is listed, then removed.
    const fred = await createUserSession(server.dataDir, `fred-${Date.now()}@example.test`);
    await page.getByLabel("Add to Volunteers (email address)").fill(fred.user.email);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const member = page.locator(".group-item .plain-list li").filter({ hasText: fred.user.email });
    await member.waitFor();
    await page.getByRole("button", { name: `Remove ${fred.user.name}` }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `${fred.user.name} was removed from Volunteers.` })
      .waitFor();
    await expect.poll(() => member.count()).toBe(0);
    expect(id).toBeTruthy();
  });

  it("account: name and language, API tokens shown once and revoked, sessions", async () => {
    const person = await createPerson(server, "Eve");
    await createDataset(server, person, { title: "Libraries", columns: [{ name: "Name" }] }, "private");
    const page = await actor();
    await signIn(page.context(), server, person);
    await page.goto("/account");
    await page.getByRole("heading", { name: "My account", exact: true }).waitFor();
    await expectNoSeriousViolations(page);
    await page.getByText("This device").waitFor();

    // A token for one dataset, shown once with a copy button, then listed and revoked.
    await page.getByLabel("Token name").fill("Nightly import");
    await page.getByRole("radio", { name: "Read and write" }).check();
    await page.getByRole("checkbox", { name: "Libraries" }).check();
    await page.getByRole("button", { name: "Create the token" }).click();
    const secret = await page.getByLabel("New token").inputValue();
    expect(secret).toMatch(/^dp_/);
    await page.getByRole("button", { name: "Copy", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Copied." }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    const used = await fetch(`${server.url}/api/datasets`, { headers: { authorization: `Bearer ${secret}` } });
    expect(used.status).toBe(200);
    await page.reload();
    await page
      .getByText(/Last used/)
      .first()
      .waitFor();
    expect(await page.getByLabel("New token").count()).toBe(0); // never shown again
    await shoot(page, "account-en-wide");
    await page.getByRole("button", { name: "Revoke Nightly import" }).click();
    await page.getByRole("status").filter({ hasText: "was revoked" }).waitFor();
    const refused = await fetch(`${server.url}/api/datasets`, { headers: { authorization: `Bearer ${secret}` } });
    expect(refused.status).toBe(401);

    // Name and language: French switches the interface.
    await page.getByLabel("Name", { exact: true }).fill("Ève Martin");
    await page.getByLabel("Language", { exact: true }).last().selectOption("fr");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("heading", { name: "Mon compte", exact: true }).waitFor();
    await new AuthPages(page).waitSignedIn("Ève Martin");
    await shoot(page, "account-fr-wide");
    await expectNoSeriousViolations(page);
  });

  it("resets a forgotten password by email, changes password and email, and deletes the account", async () => {
    const person = { name: "Gus", email: "gus@example.test", password: PASSWORD };
    const page = await actor();
    const auth = new AuthPages(page);
    await page.goto("/sign-up");
    await auth.signUp(person);
    await auth.followEmailLink((await mailbox.mail(person.email, 1)).link as string, "Confirm my address");
    await page.getByText("Your address is confirmed.").waitFor();

    // Forgotten: a link by email, a new password, then signing in with it.
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByLabel("Email address").fill(person.email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await page.getByRole("status").filter({ hasText: person.email }).waitFor();
    await page.goto((await mailbox.mail(person.email, 2)).link as string);
    await page.getByLabel("New password").fill("a second password");
    await page.getByRole("button", { name: "Save the new password" }).click();
    await page.getByText("Your password is changed. Every session was signed out").waitFor();
    await page.goto("/sign-in");
    await auth.signIn(person.email, "a second password");
    await auth.waitSignedIn(person.name);

    // Changed from the account page; then a new email address, confirmed from the new inbox.
    await page.goto("/account");
    await page.getByLabel("Current password").fill("a second password");
    await page.getByLabel("New password").fill("a third password");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByRole("status").filter({ hasText: "Your password is changed." }).waitFor();
    await page.getByLabel("New email address").fill("gus@new.example.test");
    await page
      .locator("section")
      .filter({ hasText: "New email address" })
      .getByLabel("Password", { exact: true })
      .fill("a third password");
    await page.getByRole("button", { name: "Change email address" }).click();
    await auth.followEmailLink((await mailbox.mail("gus@new.example.test", 1)).link as string, "Confirm this address");
    await page.getByText("Your email address is changed.").waitFor();

    // Deleted: signed out, the account no longer signs in.
    await page.goto("/account");
    await page.getByRole("button", { name: "Delete my account…" }).click();
    await page.locator(".danger-zone").getByLabel("Password", { exact: true }).fill("a third password");
    await page.getByRole("button", { name: "Delete my account for good" }).click();
    await page.locator("header").getByRole("link", { name: "Sign in" }).waitFor();
    await page.goto("/sign-in");
    await auth.signIn("gus@new.example.test", "a third password");
    await auth.alert().filter({ hasText: "Wrong email address or password." }).waitFor();
  });

  it("shows the sign-in page's messages for provider errors and stays accessible on a phone, in French", async () => {
    const page = await actor({ locale: "fr-FR", viewport: { width: 390, height: 844 } });
    await page.goto("/sign-in?error=oauth-email-unverified");
    await page.getByRole("alert").filter({ hasText: "Le fournisseur ne confirme pas votre adresse" }).waitFor();
    await shoot(page, "sign-in-fr-narrow");
    await expectNoSeriousViolations(page);
    await page.goto("/reset-password");
    await page.getByLabel("Adresse e-mail").fill("personne@example.test");
    await page.getByRole("button", { name: "M’envoyer un lien" }).click();
    await page.getByRole("status").filter({ hasText: "personne@example.test" }).waitFor();
    await page.goto("/verify-email?token=abc.def");
    await page.getByRole("button", { name: "Confirmer mon adresse" }).click();
    await page.getByRole("alert").filter({ hasText: "Ce lien n’est pas valable" }).waitFor();
    await shoot(page, "verify-fr-narrow");
  });
});
