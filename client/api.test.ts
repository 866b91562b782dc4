/**
 * The typed client against a real server: answers typed and checked, error answers turned into the
 * shared codes the pages translate. Node's fetch stands in for the page's: relative URLs resolved
 * against the server, the session cookie kept, and the Origin header a same-site page sends.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { serverForEachTest } from "../server/test/serverForEachTest.ts";
import { createUserSession } from "../server/test/testServer.ts";
import { accountApi, authApi } from "../shared/api/auth.ts";
import { datasetApi } from "../shared/api/datasets.ts";
import { memberApi } from "../shared/api/members.ts";
import { proposalApi } from "../shared/api/proposals.ts";
import { route } from "../shared/api/route.ts";
import { ApiError, callApi } from "./api.ts";

const context = serverForEachTest();
let cookie: string | undefined;

/** The page's fetch: same origin, with its cookie jar of one session cookie. */
function pageFetch(base: string): typeof fetch {
  const real = globalThis.fetch;
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("origin", base);
    if (cookie) headers.set("cookie", cookie);
    const response = await real(new URL(String(input), base), { ...init, headers });
    const set = response.headers.get("set-cookie");
    if (set) cookie = set.split(";", 1)[0]?.endsWith("=") ? undefined : set.split(";", 1)[0];
    return response;
  };
}

beforeEach(() => {
  cookie = undefined;
  vi.stubGlobal("fetch", pageFetch(context.server.url));
});
afterEach(() => vi.unstubAllGlobals());

const signedIn = async () => {
  cookie = (await createUserSession(context.server.dataDir, "ada@example.test")).cookie;
};

describe("callApi", () => {
  it("sends the body and path parameters, and resolves with the answer as its schema reads it", async () => {
    await signedIn();
    const created = await callApi(datasetApi.create, { body: { title: "Repair cafés", columns: [{ name: "Name" }] } });
    expect(created).toMatchObject({ title: "Repair cafés", role: "owner", openness: "private" });

    const details = await callApi(datasetApi.get, { params: { id: created.id } });
    expect(details.columns.map((c) => c.name)).toEqual(["Name"]);
    const { user, sessions } = await callApi(accountApi.get);
    expect(user.email).toBe("ada@example.test");
    expect(sessions).toHaveLength(1);

    // A route without an answer resolves with null.
    expect(await callApi(datasetApi.delete, { params: { id: created.id } })).toBeNull();
    await expect(callApi(datasetApi.get, { params: { id: created.id } })).rejects.toMatchObject({
      status: 404,
      code: "not-found",
    });
  });

  it("turns a refused request into the server's code: invalid-request, with the field in the message", async () => {
    await signedIn();
    const refused = await callApi(datasetApi.create, { body: { title: "" } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 400, code: "invalid-request" });
    expect((refused as ApiError).message).toMatch(/title/);

    const crafted = await callApi(memberApi.invite, {
      params: { id: "../../admin" },
      body: { email: "someone@example.test", role: "editor" },
    }).catch((e: unknown) => e);
    expect(crafted).toMatchObject({ status: 404, code: "not-found" });
  });

  it("says who is asking is the problem: sign-in-required, invalid-credentials, too-many-attempts", async () => {
    await expect(callApi(accountApi.get)).rejects.toMatchObject({ status: 401, code: "sign-in-required" });
    await expect(callApi(datasetApi.create, { body: { title: "Mine" } })).rejects.toMatchObject({
      status: 401,
      code: "sign-in-required",
    });
    const wrong = { body: { email: "nobody@example.test", password: "not the password" } };
    await expect(callApi(authApi.signIn, wrong)).rejects.toMatchObject({ status: 401, code: "invalid-credentials" });
    // The sign-in routes' own limit (10 a minute by default) answers with its own code.
    const attempts = await Promise.all(
      Array.from({ length: 12 }, () => callApi(authApi.signIn, wrong).catch((e: ApiError) => e.code)),
    );
    expect(attempts).toContain("too-many-attempts");
  });

  it("carries the proposals' own codes, and their capability headers", async () => {
    await signedIn();
    const dataset = await callApi(datasetApi.create, { body: { title: "Polling stations" } });
    await callApi(datasetApi.setOpenness, { params: { id: dataset.id }, body: { openness: "public-propose" } });
    cookie = undefined;
    const { proposal, token } = await callApi(proposalApi.create, { params: { id: dataset.id }, body: {} });
    const followed = await callApi(proposalApi.follow, {
      params: { proposalId: proposal.id },
      headers: { "proposal-token": token },
    });
    expect(followed.proposal.status).toBe("draft");
    await callApi(proposalApi.withdraw, { params: { proposalId: proposal.id }, headers: { "proposal-token": token } });
    await expect(
      callApi(proposalApi.withdraw, { params: { proposalId: proposal.id }, headers: { "proposal-token": token } }),
    ).rejects.toMatchObject({ status: 409, code: "proposal-closed" });
    // Without the capability, the proposal is not there.
    await expect(callApi(proposalApi.follow, { params: { proposalId: proposal.id } })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("refuses an answer that is not what the page expects (a page older than its server), in one clear error", async () => {
    await signedIn();
    await callApi(datasetApi.create, { body: { title: "Help points" } });
    const olderPage = route({
      method: "GET",
      path: "/api/datasets",
      answer: z.object({ datasets: z.array(z.object({ id: z.number() })) }),
    });
    const refused = await callApi(olderPage).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 200, code: "internal" });
    expect((refused as ApiError).message).toMatch(/datasets\.0\.id/);
  });

  it("lets a fetch that never got an answer through as it is, for pages that tell offline apart", async () => {
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("Failed to fetch")));
    const offline = await callApi(datasetApi.list).catch((e: unknown) => e);
    expect(offline).toBeInstanceOf(TypeError);
    expect(offline).not.toBeInstanceOf(ApiError);
  });
});

/** Never run: checked by the typecheck (`npx tsc --noEmit`), which fails if a misuse below builds. */
async function misuses() {
  const details = await callApi(datasetApi.get, { params: { id: "d" } });
  // @ts-expect-error: a dataset's details have no `rows`
  details.rows;
  // @ts-expect-error: `role` is a role or null, never a number
  const role: number = details.role;
  // @ts-expect-error: the route needs its `:id`
  await callApi(datasetApi.get);
  // @ts-expect-error: the body's `title` is text
  await callApi(datasetApi.create, { body: { title: 3 } });
  // @ts-expect-error: a route without an answer resolves with null
  (await callApi(datasetApi.delete, { params: { id: "d" } })).id;
  return role;
}
void misuses;
