/**
 * Presence stays true while a person moves around the app: leaving a dataset page removes them
 * from everyone's presence, coming back shows them once.
 */
import { describe, expect, it } from "vitest";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { createDataset, createPerson, signIn } from "./support/api.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile();

describe("presence across navigation", () => {
  it("shows each person once, however often they leave and come back", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Owner");
    const { id } = await createDataset(server, owner, { title: "Presence", columns: [{ name: "Name" }] });
    const aliceContext = await e2e.newContext();
    await signIn(aliceContext, server, owner);
    const bobContext = await e2e.newContext();
    const alice = new DatasetPage(await aliceContext.newPage());
    const bob = new DatasetPage(await bobContext.newPage());
    await bob.goto(id);
    await bob.waitConnected();
    const chips = () => bob.page.getByTestId("presence-list").getByRole("listitem");

    for (let visit = 0; visit < 3; visit++) {
      await alice.goto(id);
      await alice.waitConnected();
      await expect.poll(() => chips().count()).toBe(2);
      // Alice sees herself and Bob, not the selves of her earlier visits.
      await expect.poll(() => alice.page.getByTestId("presence-list").getByRole("listitem").count()).toBe(2);
      await alice.page.getByRole("link", { name: "Data Patch" }).first().click();
      await alice.page.waitForURL(`${server.url}/`);
      await expect.poll(() => chips().count()).toBe(1);
    }
  });
});
