/**
 * Issue 12 in the browser: an edit still unacknowledged when the rights drop is shown as not
 * saved, with a copy, instead of being lost silently; and two people whose networks flap while they
 * edit end with the same table, with a connection status that is true at every step.
 */
import type { BrowserContext, WebSocketRoute } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ConnectionNotices } from "./pages/ConnectionNotices.ts";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { createDataset, createPerson, setOpenness, storedValues } from "./support/api.ts";
import { eventually } from "./support/eventually.ts";
import { controlNetwork } from "./support/network.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const e2e = serverAndBrowserForThisFile();

/**
 * The context's collaboration sockets pass through unchanged until `hold()`: from then on what
 * the page sends is kept back (never delivered), as on a link that went silent.
 */
async function holdableSockets(context: BrowserContext) {
  const routes: { route: WebSocketRoute; held: boolean }[] = [];
  await context.routeWebSocket(/\/collab$/, (route) => {
    const entry = { route, held: false };
    routes.push(entry);
    const server = route.connectToServer();
    route.onMessage((message) => {
      if (!entry.held) server.send(message);
    });
    server.onMessage((message) => route.send(message));
  });
  return {
    hold() {
      for (const entry of routes) entry.held = true;
    },
  };
}

describe("reconnection", () => {
  /**
   * The race on purpose: a visitor's first edit is saved, the next leaves the page but is held back,
   * and the owner changes the openness before it reaches the server.
   */
  async function raceAnEditAgainst(openness: "public-read" | "public-propose", lostValue: string) {
    const server = e2e.server;
    const owner = await createPerson(server, "Owner");
    const { id } = await createDataset(server, owner, { title: `Race to ${openness}`, columns: [{ name: "Name" }] });
    const context = await e2e.newContext();
    const sockets = await holdableSockets(context);
    const visitor = new DatasetPage(await context.newPage());
    const notices = new ConnectionNotices(visitor.page);
    await visitor.goto(id);
    await visitor.waitConnected();
    await visitor.addRow();
    await visitor.editCell(0, "Name", "saved");
    await eventually(async () => expect(await storedValues(server, owner, id, "Name")).toEqual(["saved"]));

    sockets.hold();
    await visitor.editCell(0, "Name", lostValue);
    await notices.waitState("sending");
    await setOpenness(server, owner, id, openness);
    return { server, owner, id, visitor, notices };
  }

  it("lists and copies an edit the server never got when editing is closed to visitors", async () => {
    const { server, owner, id, visitor, notices } = await raceAnEditAgainst("public-read", "never arrived");
    expect(await notices.unsavedRows()).toEqual([["1", "Name", "never arrived"]]);
    expect(await notices.copyUnsaved()).toBe("Row\tColumn\tValue\n1\tName\tnever arrived");
    // The server kept what it had; the page, now read-only, shows the server's table and says so.
    expect(await storedValues(server, owner, id, "Name")).toEqual(["saved"]);
    await visitor.expectCell(0, "Name", "saved");
    await notices.waitState("connected");
    // Reading only, nobody may propose here: no offer to send the changes as a proposal.
    expect(await notices.unsaved.getByRole("button", { name: /as a proposal/ }).count()).toBe(0);
  });

  it("sends an edit the server never got as a proposal when editing closes to proposing", async () => {
    const { server, owner, id, notices } = await raceAnEditAgainst("public-propose", "sent as a proposal");
    expect(await notices.unsavedRows()).toEqual([["1", "Name", "sent as a proposal"]]);
    await notices.unsaved.getByRole("button", { name: "Send them to the moderators as a proposal" }).click();
    await notices.unsaved.getByRole("status").filter({ hasText: "Sent to the moderators as proposal #1." }).waitFor();
    // The data is unchanged until a moderator accepts; the proposal carries the value and its base.
    expect(await storedValues(server, owner, id, "Name")).toEqual(["saved"]);
    const review = await fetch(`${server.url}/api/datasets/${id}/proposals/1`, { headers: { cookie: owner.cookie } });
    const { review: changes } = (await review.json()) as {
      review: { changes: { base: unknown; proposed: unknown }[] };
    };
    expect(changes.changes.map((c) => [c.base, c.proposed])).toEqual([["saved", "sent as a proposal"]]);
  });

  it("two people whose network flaps while they edit end identical, and the status is true at every step", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Owner");
    const { id } = await createDataset(server, owner, { title: "Flapping", columns: [{ name: "Name" }] });
    const people = await Promise.all(
      ["A", "B"].map(async () => {
        const context = await e2e.newContext();
        const network = await controlNetwork(context);
        const page = new DatasetPage(await context.newPage());
        return { network, page, notices: new ConnectionNotices(page.page) };
      }),
    );
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    await a.page.goto(id);
    await b.page.goto(id);
    await a.page.waitConnected();
    await b.page.waitConnected();
    const rounds = 4;
    for (let i = 0; i < rounds; i++) await a.page.addRow();
    await b.page.expectRowCount(rounds);

    for (let round = 0; round < rounds; round++) {
      const [away, stays] = round % 2 === 0 ? [a, b] : [b, a];
      await away.network.goOffline();
      // Offline is shown at once, before any edit, and the edit is said to be kept on the device.
      await away.notices.waitState("offline");
      await away.page.editCell(round, "Name", `offline ${round}`);
      await expect.poll(() => away.page.status.textContent()).toMatch(/Offline: 1 change kept on this device/);
      await stays.page.editCell((round + 1) % rounds, "Name", `online ${round}`);
      // The edit reaches the server and the status comes back to "Connected, up to date" (the status
      // may still read connected for a moment before the edit is even sent, so both are awaited).
      await eventually(async () => {
        expect(await storedValues(server, owner, id, "Name")).toContain(`online ${round}`);
        expect(await stays.notices.state()).toBe("connected");
      });
      expect(await away.notices.state()).toBe("offline");

      await away.network.goOnline();
      await away.notices.waitState("connected");
      expect(await storedValues(server, owner, id, "Name")).toContain(`offline ${round}`);
    }

    const stored = await storedValues(server, owner, id, "Name");
    for (const person of people) {
      await person.notices.waitState("connected");
      for (const [row, value] of stored.entries()) await person.page.expectCell(row, "Name", String(value ?? ""));
    }
  });
});
