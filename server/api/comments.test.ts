/** The conversation on a proposal between its contributor and the dataset's moderators (P24). */
import { describe, expect, it } from "vitest";
import type { ProposalComment } from "../../shared/api/proposals.ts";
import { call, helpPoints } from "../test/proposals.ts";
import { serverForEachTest } from "../test/serverForEachTest.ts";
import { createUserSession } from "../test/testServer.ts";

describe("comments on a proposal", () => {
  const env = serverForEachTest();

  it("are written and read by the contributor's link and by moderators, and by no one else", async () => {
    const server = env.server;
    const { dataset, live, rows, columns, owner, moderator } = await helpPoints(server);
    env.later(() => live.provider.destroy());
    const sent = await call(server, "POST", `/api/datasets/${dataset.id}/change-sets`, {
      body: { cells: [{ rowId: rows[0], columnId: columns.phone, base: "01 00 00", value: "01 23" }], nickname: "Léa" },
    });
    const id = (sent.body.proposal as { id: string }).id;
    const link = { "proposal-token": sent.body.token as string };
    const path = `/api/proposals/${id}/comments`;

    expect((await call(server, "POST", path, { headers: link, body: { text: "  " } })).status).toBe(400);
    expect(
      (await call(server, "POST", path, { headers: link, body: { text: "The number is on their door." } })).status,
    ).toBe(201);
    expect((await moderator("POST", path, { text: "Thanks, <b>checking</b>." })).status).toBe(201);

    const thread = (await call(server, "GET", path, { headers: link })).body.comments as ProposalComment[];
    expect(thread.map((c) => [c.authorRole, c.authorName, c.text])).toEqual([
      ["contributor", "Léa", "The number is on their door."],
      ["moderator", owner.user.name, "Thanks, <b>checking</b>."],
    ]);
    expect(((await moderator("GET", path)).body.comments as ProposalComment[]).length).toBe(2);

    const stranger = await createUserSession(server.dataDir);
    expect((await call(server, "GET", path, { headers: { cookie: stranger.cookie } })).status).toBe(404);
    expect((await call(server, "POST", path, { body: { text: "hi" } })).status).toBe(404);
  });
});
