/** A moderator blocks a contributor and rejects their pending proposals in one action (P23). */
import { readdirSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { QueueEntry } from "../../shared/api/proposals.ts";
import { type Answer, call, helpPoints } from "../test/proposals.ts";
import { serverForEachTest } from "../test/serverForEachTest.ts";
import { createUserSession, type TestServer } from "../test/testServer.ts";

/** A change set sent from a given loopback address (127.0.0.2 is another client to the server). */
const changeSetFrom = (server: TestServer, localAddress: string, datasetId: string, body: unknown, token?: string) =>
  new Promise<Answer>((resolve, reject) => {
    const request = httpRequest(
      `${server.url}/api/datasets/${datasetId}/change-sets`,
      {
        method: "POST",
        localAddress,
        headers: { "content-type": "application/json", ...(token ? { "contributor-token": token } : {}) },
      },
      (response) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    request.on("error", reject);
    request.end(JSON.stringify(body));
  });

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

  it("also refuses the address the contributor proposed from, with a new capability, until unblocked (P23)", async () => {
    const server = env.server;
    const { dataset, live, rows, columns, moderator } = await helpPoints(server);
    env.later(() => live.provider.destroy());
    const spam = { cells: [{ rowId: rows[0], columnId: columns.name, base: "Library", value: "BUY NOW" }] };
    const from = (address: string) => changeSetFrom(server, address, dataset.id, spam);
    expect((await from("127.0.0.3")).status).toBe(201);
    expect((await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/block`)).status).toBe(200);

    // Browser cleared: no capability, a new contributor, the same address.
    const again = await from("127.0.0.3");
    expect(again).toMatchObject({
      status: 403,
      body: { error: "forbidden", message: "The moderators of this dataset no longer take your proposals." },
    });
    expect((await from("127.0.0.4")).status).toBe(201);
    // An account on the same network is known by its account, not by the address.
    const member = await createUserSession(server.dataDir);
    expect(
      (
        await call(server, "POST", `/api/datasets/${dataset.id}/proposals`, {
          headers: { cookie: member.cookie },
          body: {},
        })
      ).status,
    ).toBe(201);

    expect(await moderator("DELETE", `/api/datasets/${dataset.id}/proposals/1/block`)).toMatchObject({ status: 200 });
    expect((await from("127.0.0.3")).status).toBe(201);
    // Only moderators unblock.
    const stranger = await createUserSession(server.dataDir);
    expect(
      (
        await call(server, "DELETE", `/api/datasets/${dataset.id}/proposals/1/block`, {
          headers: { cookie: stranger.cookie },
        })
      ).status,
    ).toBe(403);

    // Only salted hashes were kept: neither client address is anywhere in the database files
    // (127.0.0.1 is: the server's own address, in its emails' links).
    const files = readdirSync(server.dataDir).filter((name) => name.startsWith("data-patch.sqlite"));
    expect(files).toContain("data-patch.sqlite");
    for (const file of files)
      for (const address of ["127.0.0.3", "127.0.0.4"])
        expect(readFileSync(path.join(server.dataDir, file)).includes(address)).toBe(false);
  });
});
