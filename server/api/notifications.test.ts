/** Moderators' in-app notifications over HTTP, against a real server: what waits, what is unread, who sees it. */
import { describe, expect, it } from "vitest";
import type { Notifications } from "../../shared/api/notifications.ts";
import { call, helpPoints } from "../test/proposals.ts";
import { serverForEachTest } from "../test/serverForEachTest.ts";
import { createUserSession } from "../test/testServer.ts";

describe("notifications", () => {
  const env = serverForEachTest();

  it("list proposals waiting on the datasets a person moderates, unread until that dataset's proposals are looked at", async () => {
    const server = env.server;
    const { dataset, live, rows, columns, moderator } = await helpPoints(server);
    env.later(() => live.provider.destroy());
    const send = (value: string, nickname?: string) =>
      call(server, "POST", `/api/datasets/${dataset.id}/change-sets`, {
        body: { cells: [{ rowId: rows[0], columnId: columns.phone, base: "01 00 00", value }], nickname },
      });
    const list = async () => (await moderator("GET", "/api/notifications")).body as unknown as Notifications;

    expect(await list()).toEqual({ unread: 0, items: [] });
    expect((await send("01 11 11", "Ana")).status).toBe(201);
    // A draft (not sent yet) is nobody's business.
    expect((await call(server, "POST", `/api/datasets/${dataset.id}/proposals`, { body: {} })).status).toBe(201);
    expect(await list()).toMatchObject({
      unread: 1,
      items: [{ datasetId: dataset.id, datasetTitle: "Help points", proposalNumber: 1, nickname: "Ana", unread: true }],
    });

    expect((await moderator("POST", "/api/notifications/seen", { datasetId: dataset.id })).status).toBe(204);
    expect(await list()).toMatchObject({ unread: 0, items: [{ proposalNumber: 1, unread: false }] });

    await new Promise((resolve) => setTimeout(resolve, 5)); // a later submission time than the look
    await send("01 22 22");
    const after = await list();
    expect(after.unread).toBe(1);
    expect(after.items.map((i) => [i.proposalNumber, i.unread, i.nickname])).toEqual([
      [3, true, null],
      [1, false, "Ana"],
    ]);

    // Decided proposals leave the list.
    await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, { all: "accept" });
    expect((await list()).items.map((i) => i.proposalNumber)).toEqual([3]);
  });

  it("show nothing to people who do not moderate, and refuse marking someone else's dataset as seen", async () => {
    const server = env.server;
    const { dataset, live, rows, columns } = await helpPoints(server);
    env.later(() => live.provider.destroy());
    await call(server, "POST", `/api/datasets/${dataset.id}/change-sets`, {
      body: { cells: [{ rowId: rows[0], columnId: columns.phone, base: "01 00 00", value: "09" }] },
    });
    const stranger = await createUserSession(server.dataDir);
    const headers = { cookie: stranger.cookie };
    expect((await call(server, "GET", "/api/notifications", { headers })).body).toEqual({ unread: 0, items: [] });
    expect(
      (await call(server, "POST", "/api/notifications/seen", { headers, body: { datasetId: dataset.id } })).status,
    ).toBe(403);
    expect((await call(server, "GET", "/api/notifications")).status).toBe(401);
    expect((await call(server, "POST", "/api/notifications/seen", { headers, body: {} })).status).toBe(400);
  });
});
