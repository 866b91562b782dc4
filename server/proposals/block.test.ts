/** A moderator blocks a contributor and rejects their pending proposals in one action (P23). */
import { describe, expect, it } from "vitest";
import type { QueueEntry } from "../../shared/api/proposals.ts";
import { call, helpPoints } from "../test/proposals.ts";
import { serverForEachTest } from "../test/serverForEachTest.ts";
import { createUserSession } from "../test/testServer.ts";

describe("blocking a contributor", () => {
  const env = serverForEachTest();

  it("rejects every pending proposal of that contributor on the dataset, and refuses their next ones", async () => {
    const server = env.server;
    const { dataset, live, rows, columns, moderator } = await helpPoints(server);
    env.later(() => live.provider.destroy());
    const spam = (contributorToken?: string) =>
      call(server, "POST", `/api/datasets/${dataset.id}/change-sets`, {
        headers: contributorToken ? { "contributor-token": contributorToken } : {},
        body: { cells: [{ rowId: rows[0], columnId: columns.name, base: "Library", value: "BUY NOW" }] },
      });
    const first = await spam();
    const token = first.body.contributorToken as string;
    expect((await spam(token)).status).toBe(201);
    // Someone else's proposal stays.
    const other = await createUserSession(server.dataDir);
    expect(
      (
        await call(server, "POST", `/api/datasets/${dataset.id}/proposals`, {
          headers: { cookie: other.cookie },
          body: {},
        })
      ).status,
    ).toBe(201);

    const blocked = await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/block`);
    expect(blocked).toMatchObject({ status: 200, body: { rejected: 2 } });
    const queue = (await moderator("GET", `/api/datasets/${dataset.id}/proposals`)).body.proposals as QueueEntry[];
    expect(queue.map((p) => [p.number, p.status])).toEqual([
      [3, "draft"],
      [2, "rejected"],
      [1, "rejected"],
    ]);

    expect(await spam(token)).toMatchObject({ status: 403, body: { error: "forbidden" } });
    // Only moderators block.
    const stranger = await createUserSession(server.dataDir);
    expect(
      (
        await call(server, "POST", `/api/datasets/${dataset.id}/proposals/3/block`, {
          headers: { cookie: stranger.cookie },
        })
      ).status,
    ).toBe(403);
  });
});
