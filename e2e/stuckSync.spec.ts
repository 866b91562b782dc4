/**
 * Issue 12 in the browser, when recovery fails: the page's socket stays open but nothing gets
 * through (a half-open link, as on a train), the session's own fresh sockets go silent too, and the
 * status says the changes are not reaching the server and are kept on this device, never
 * "Connected, up to date", while the edit stays on screen. Once the link heals, Retry sends it.
 * The server serves a short watchdog bound (SYNC_WATCHDOG_MS, a setting of the server) so this
 * takes seconds, not the minute a person on a slow link gets by default.
 */
import { describe, expect, it } from "vitest";
import { boundsFor } from "../client/collab/syncWatchdog.ts";
import { ConnectionNotices } from "./pages/ConnectionNotices.ts";
import { DatasetPage } from "./pages/DatasetPage.ts";
import { createDataset, createPerson, signIn, storedValues } from "./support/api.ts";
import { eventually } from "./support/eventually.ts";
import { silenceableLink } from "./support/network.ts";
import { serverAndBrowserForThisFile } from "./support/suite.ts";

const WATCHDOG_MS = 3000;
const e2e = serverAndBrowserForThisFile({ SYNC_WATCHDOG_MS: String(WATCHDOG_MS) });

/**
 * The session says it is stuck after its second fruitless recovery: one acknowledgement bound,
 * then a doubled handshake bound on the fresh socket, each noticed at the next look (every second).
 * About 14 s on a quiet machine, so Playwright's 15 s default failed a loaded CI run; twice that
 * leaves room for a busy machine without hiding a session that never says it.
 */
const bounds = boundsFor(WATCHDOG_MS);
const STUCK_WITHIN_MS = 2 * (bounds.ackMs + 2 * Math.max(bounds.handshakeMs, bounds.ackMs) + 3_000);

const STUCK = "Your changes are not reaching the server — they are kept on this device";

describe("a sync that does not recover by itself", () => {
  it("says the changes are kept on this device, keeps them on screen, and Retry sends them once the link heals", async () => {
    const server = e2e.server;
    const owner = await createPerson(server, "Owner");
    const { id } = await createDataset(server, owner, { title: "Half-open", columns: [{ name: "Name" }] });
    const context = await e2e.newContext();
    await signIn(context, server, owner);
    const link = await silenceableLink(context);
    const page = new DatasetPage(await context.newPage());
    const notices = new ConnectionNotices(page.page);
    await page.goto(id);
    await page.waitConnected();
    await page.addRow();
    await page.editCell(0, "Name", "saved");
    await eventually(async () => {
      expect(await storedValues(server, owner, id, "Name")).toEqual(["saved"]);
      expect(await notices.state()).toBe("connected");
    });

    const states = await notices.recordStates();
    const socketsBefore = link.opened();
    link.silence();
    await page.editCell(0, "Name", "kept here");
    await notices.waitState("stuck", STUCK_WITHIN_MS);
    expect(await notices.status.textContent()).toContain(STUCK);
    // The session tried fresh sockets of its own before saying so; none of them got through.
    expect(link.opened()).toBeGreaterThanOrEqual(socketsBefore + 2);
    // From the silence on it said sending or connecting, then stuck: never up to date.
    const [before, ...whileSilent] = await states.seen();
    expect(before).toBe("connected");
    expect(whileSilent.at(-1)).toBe("stuck");
    expect(whileSilent.filter((state) => !["sending", "connecting", "stuck"].includes(state))).toEqual([]);
    await page.expectCell(0, "Name", "kept here");
    expect(await storedValues(server, owner, id, "Name")).toEqual(["saved"]);

    link.heal();
    await notices.status.getByRole("button", { name: "Retry" }).click();
    await eventually(async () => {
      expect(await storedValues(server, owner, id, "Name")).toEqual(["kept here"]);
      expect(await notices.state()).toBe("connected");
    }, 30_000);
    await page.expectCell(0, "Name", "kept here");
    expect(await notices.status.getByRole("button", { name: "Retry" }).count()).toBe(0);
  });
});
