/** A moderator blocks a contributor and rejects their pending proposals in one action (P23). */
import { readdirSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type BlockedContributor, blockedContributorsSchema, type QueueEntry } from "../../shared/api/proposals.ts";
import type { DatasetId } from "../../shared/ids.ts";
import { DAY_MS } from "../privacy/addressHash.ts";
import { openSqliteStorage } from "../storage/sqlite.ts";
import type { DatasetRecord } from "../storage/types.ts";
import { type Answer, call, helpPoints } from "../test/proposals.ts";
import { serverForEachTest } from "../test/serverForEachTest.ts";
import { createUserSession, type TestServer } from "../test/testServer.ts";
import { blockedContributors } from "./block.ts";

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

describe("the moderators' list of blocked contributors (P23)", () => {
  const env = serverForEachTest();

  it("lists each block with its proposal, when and by whom, and its address; unblocking lets them propose again", async () => {
    const server = env.server;
    const { dataset, live, rows, columns, moderator, owner } = await helpPoints(server);
    env.later(() => live.provider.destroy());
    const list = async () => {
      const answer = await moderator("GET", `/api/datasets/${dataset.id}/blocked-contributors`);
      expect(answer.status).toBe(200);
      return blockedContributorsSchema.parse(answer.body).blocked;
    };
    expect(await list()).toEqual([]);

    const spam = { cells: [{ rowId: rows[0], columnId: columns.name, base: "Library", value: "BUY NOW" }] };
    const first = await changeSetFrom(server, "127.0.0.3", dataset.id, { ...spam, nickname: "Spammy" });
    const token = first.body.contributorToken as string;
    const member = await createUserSession(server.dataDir);
    const asMember = (body: unknown = {}) =>
      call(server, "POST", `/api/datasets/${dataset.id}/proposals`, { headers: { cookie: member.cookie }, body });
    expect((await asMember({ nickname: "Bob" })).status).toBe(201);
    expect((await moderator("GET", `/api/datasets/${dataset.id}/proposals/1`)).body.contributorBlocked).toBe(false);

    const before = Date.now();
    expect((await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/block`)).body).toEqual({ rejected: 1 });
    expect((await moderator("POST", `/api/datasets/${dataset.id}/proposals/2/block`)).body).toEqual({ rejected: 1 });
    expect((await moderator("GET", `/api/datasets/${dataset.id}/proposals/1`)).body.contributorBlocked).toBe(true);

    const blocked = await list();
    expect(blocked.map((b) => [b.proposalNumber, b.kind, b.nickname, b.blockedBy])).toEqual([
      [2, "account", "Bob", owner.user.name],
      [1, "contributor", "Spammy", owner.user.name],
    ]);
    const [account, anonymous] = blocked as [BlockedContributor, BlockedContributor];
    expect(account.address).toBeNull();
    // The address is refused until the salt that hashed it is replaced: a day at the most.
    expect(anonymous.address).toMatchObject({ state: "blocked" });
    const until = anonymous.address?.state === "blocked" ? Date.parse(anonymous.address.until) : 0;
    expect(until).toBeGreaterThan(Date.now());
    expect(until).toBeLessThanOrEqual(before + DAY_MS);
    expect(Date.parse(anonymous.blockedAt)).toBeGreaterThanOrEqual(before - 1000);

    // Still refused, then unblocked from the list's entry: the entry goes and they may propose again.
    expect((await changeSetFrom(server, "127.0.0.3", dataset.id, spam, token)).status).toBe(403);
    expect((await asMember()).status).toBe(403);
    expect(await moderator("DELETE", `/api/datasets/${dataset.id}/proposals/1/block`)).toMatchObject({
      status: 200,
      body: { unblocked: true },
    });
    expect((await list()).map((b) => b.proposalNumber)).toEqual([2]);
    expect((await changeSetFrom(server, "127.0.0.3", dataset.id, spam, token)).status).toBe(201);
    expect((await moderator("GET", `/api/datasets/${dataset.id}/proposals/1`)).body.contributorBlocked).toBe(false);
    expect((await moderator("DELETE", `/api/datasets/${dataset.id}/proposals/2/block`)).status).toBe(200);
    expect(await list()).toEqual([]);
    expect((await asMember()).status).toBe(201);
  });

  it("is for the dataset's moderators only: others get 403, or 404 for a dataset they cannot open", async () => {
    const server = env.server;
    const { dataset, live, rows, columns, moderator, owner } = await helpPoints(server);
    env.later(() => live.provider.destroy());
    const spam = { cells: [{ rowId: rows[0], columnId: columns.name, base: "Library", value: "BUY NOW" }] };
    const sent = await changeSetFrom(server, "127.0.0.3", dataset.id, spam);
    const contributorToken = sent.body.contributorToken as string;
    expect((await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/block`)).status).toBe(200);
    const path = `/api/datasets/${dataset.id}/blocked-contributors`;

    const stranger = await createUserSession(server.dataDir);
    const asStranger = { headers: { cookie: stranger.cookie } };
    expect(await call(server, "GET", path, asStranger)).toMatchObject({ status: 403, body: { error: "forbidden" } });
    expect((await call(server, "GET", path)).status).toBe(403);
    expect((await call(server, "GET", path, { headers: { "contributor-token": contributorToken } })).status).toBe(403);
    // An editor is not a moderator.
    const editor = await createUserSession(server.dataDir);
    const grant = await call(server, "PUT", `/api/datasets/${dataset.id}/members/users/${editor.user.id}`, {
      headers: { cookie: owner.cookie },
      body: { role: "editor" },
    });
    expect(grant.status).toBeLessThan(300);
    expect((await call(server, "GET", path, { headers: { cookie: editor.cookie } })).status).toBe(403);
    expect((await call(server, "DELETE", `/api/datasets/${dataset.id}/proposals/1/block`, asStranger)).status).toBe(
      403,
    );
    // Still blocked.
    expect((await changeSetFrom(server, "127.0.0.3", dataset.id, spam, contributorToken)).status).toBe(403);

    expect((await moderator("PATCH", `/api/datasets/${dataset.id}/settings`, { openness: "private" })).status).toBe(
      200,
    );
    expect(await call(server, "GET", path, asStranger)).toMatchObject({ status: 404, body: { error: "not-found" } });
    expect((await call(server, "GET", path)).status).toBe(404);
    expect((await call(server, "GET", "/api/datasets/nope/blocked-contributors", asStranger)).status).toBe(404);
  });

  it("says an address block has lapsed once the salt that hashed it was replaced", async () => {
    const server = env.server;
    const { dataset, live, rows, columns, moderator } = await helpPoints(server);
    env.later(() => live.provider.destroy());
    const spam = { cells: [{ rowId: rows[0], columnId: columns.name, base: "Library", value: "BUY NOW" }] };
    expect((await changeSetFrom(server, "127.0.0.3", dataset.id, spam)).status).toBe(201);
    expect((await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/block`)).status).toBe(200);

    const storage = openSqliteStorage(path.join(server.dataDir, "data-patch.sqlite"));
    try {
      const record = (await storage.datasets.get(dataset.id as DatasetId)) as DatasetRecord;
      const later = Date.now() + 60_000; // the server restarted, or a day went by: a new salt since
      const [entry] = await blockedContributors(storage, record, { since: later, until: later + DAY_MS });
      expect(entry).toMatchObject({ proposalNumber: 1, kind: "contributor", address: { state: "lapsed" } });
    } finally {
      storage.close();
    }
  });
});
