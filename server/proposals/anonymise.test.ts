/** Deleting an account anonymises its proposals: they stay for the moderators, naming no one. */
import { describe, expect, it } from "vitest";
import type { QueueEntry } from "../../shared/api/proposals.ts";
import { call, helpPoints } from "../test/proposals.ts";
import { serverForEachTest } from "../test/serverForEachTest.ts";
import { createUserSession } from "../test/testServer.ts";

describe("deleting an account", () => {
  const env = serverForEachTest();

  it("keeps the person's proposals for the moderators without their name, nickname or email", async () => {
    const server = env.server;
    const { dataset, live, moderator } = await helpPoints(server);
    env.later(() => live.provider.destroy());
    const author = await createUserSession(server.dataDir);
    const headers = { cookie: author.cookie };
    const created = await call(server, "POST", `/api/datasets/${dataset.id}/proposals`, {
      headers,
      body: { nickname: "Erin", email: "erin@example.test" },
    });
    const id = (created.body.proposal as { id: string }).id;
    expect((await call(server, "POST", `/api/proposals/${id}/submit`, { headers, body: {} })).status).toBe(200);

    const queue = async () =>
      ((await moderator("GET", `/api/datasets/${dataset.id}/proposals`)).body.proposals as QueueEntry[])[0];
    expect(await queue()).toMatchObject({ nickname: "Erin", email: "erin@example.test", signedIn: true });

    expect((await call(server, "DELETE", "/api/account", { headers, body: { password: "" } })).status).toBe(204);
    expect(await queue()).toMatchObject({ number: 1, status: "open", nickname: null, email: null, signedIn: false });
  });
});
