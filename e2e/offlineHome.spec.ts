/**
 * Offline, the home page tells one consistent story: the person is still the one signed in on this
 * device, the datasets from the last visit are listed as such (or it says none is kept), and it does
 * not offer to create a dataset it could not create.
 */
import { describe, expect, it } from "vitest";
import { HomePage } from "./pages/HomePage.ts";
import { createDataset, createPerson, signIn } from "./support/api.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile();

describe("the home page offline", () => {
  it("keeps the signed-in person's name and lists the last visit's datasets, without contradicting itself", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Odile Offline");
    await createDataset(server, owner, { title: "Repair cafés", columns: [{ name: "Name" }] });
    const context = await e2e.newContext();
    await signIn(context, server, owner);
    const page = await context.newPage();
    const home = new HomePage(page);
    await home.goto();
    await home.datasetLink("Repair cafés").waitFor();
    const accountButton = page.getByRole("button", { name: new RegExp(owner.accountName) });
    await accountButton.waitFor();
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === "activated");

    await server.stop();
    try {
      await page.reload();
      await page
        .getByRole("status")
        .filter({ hasText: "Offline: these are the datasets from your last visit." })
        .waitFor();
      await home.datasetLink("Repair cafés").waitFor();
      await accountButton.waitFor();
      expect(await page.getByText("No dataset yet").count()).toBe(0);
      expect(await page.getByRole("link", { name: "Sign in", exact: true }).count()).toBe(0);
      await page.getByText("Creating a dataset needs the connection").waitFor();
      expect(await home.createForm().count()).toBe(0);

      // A device that never listed any dataset says so, instead of "No dataset yet. Create the first one".
      await page.evaluate(() => localStorage.removeItem("dataPatch.datasetList"));
      await page.reload();
      await page.getByRole("status").filter({ hasText: "no dataset from an earlier visit is kept" }).waitFor();
      expect(await page.getByText("No dataset yet").count()).toBe(0);
      await accountButton.waitFor();
    } finally {
      await server.start();
    }

    // Back online, the session is checked again: signing out forgets the person on this device.
    await page.reload();
    await home.datasetLink("Repair cafés").waitFor();
    await accountButton.click();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.getByRole("link", { name: "Sign in", exact: true }).first().waitFor();
    expect(await page.evaluate(() => localStorage.getItem("dataPatch.signedInUser"))).toBeNull();
  });
});
