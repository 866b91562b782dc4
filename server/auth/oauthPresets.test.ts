import { createHash } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStorage } from "../storage/sqlite.ts";
import type { Storage } from "../storage/types.ts";
import { CookieJar } from "../test/oidcProvider.ts";
import { startTestServer, type TestServer, tempDataDir } from "../test/testServer.ts";

type StubUser = {
  id: number;
  login: string;
  name: string;
  emails: { email: string; primary: boolean; verified: boolean }[];
};

/**
 * GitHub's and GitLab's endpoints on loopback: authorize redirects at once for the user of `next`,
 * the token endpoint checks the client secret and PKCE, the APIs answer for the token's user.
 */
async function startProviderStub() {
  const codes = new Map<string, { user: StubUser; challenge: string; redirectUri: string }>();
  const tokens = new Map<string, StubUser>();
  let next: StubUser | null = null;
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://stub");
    // GitLab is configured at ${stub}/gitlab, as a self-hosted instance under a path.
    url.pathname = url.pathname.replace(/^\/gitlab\/oauth\//, "/oauth/");
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (url.pathname === "/login/oauth/authorize" || url.pathname === "/oauth/authorize") {
      const redirect = new URL(url.searchParams.get("redirect_uri") ?? "");
      if (!next) redirect.searchParams.set("error", "access_denied");
      else {
        const code = `code-${codes.size}`;
        codes.set(code, {
          user: next,
          challenge: url.searchParams.get("code_challenge") ?? "",
          redirectUri: redirect.href,
        });
        redirect.searchParams.set("code", code);
      }
      redirect.searchParams.set("state", url.searchParams.get("state") ?? "");
      return response.writeHead(302, { location: redirect.href }).end();
    }
    if (url.pathname === "/login/oauth/access_token" || url.pathname === "/oauth/token") {
      let body = "";
      for await (const chunk of request) body += chunk;
      const form = new URLSearchParams(body);
      const grant = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? "");
      const verifier = form.get("code_verifier") ?? "";
      const challenge = createHash("sha256").update(verifier).digest("base64url");
      const basic = `Basic ${Buffer.from("client:secret").toString("base64")}`;
      if (!grant || grant.challenge !== challenge || grant.redirectUri !== form.get("redirect_uri"))
        return json(400, { error: "invalid_grant" });
      if (request.headers.authorization !== basic) return json(401, { error: "invalid_client" });
      const token = `token-${tokens.size}`;
      tokens.set(token, grant.user);
      return json(200, { access_token: token, token_type: "bearer" });
    }
    const user = tokens.get((request.headers.authorization ?? "").replace("Bearer ", ""));
    if (!user) return json(401, { message: "Bad credentials" });
    if (url.pathname === "/api/user") return json(200, { id: user.id, login: user.login, name: user.name });
    if (url.pathname === "/api/user/emails") return json(200, user.emails);
    if (url.pathname === "/gitlab/api/v4/user") {
      const primary = user.emails.find((e) => e.primary);
      return json(200, {
        id: user.id,
        username: user.login,
        name: user.name,
        email: primary?.email,
        confirmed_at: primary?.verified ? "2026-01-01T00:00:00Z" : null,
      });
    }
    return json(404, { message: "Not Found" });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    signInAs(user: StubUser | null) {
      next = user;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("GitHub and GitLab presets, against a loopback stub of their endpoints", () => {
  let data: ReturnType<typeof tempDataDir>;
  let stub: Awaited<ReturnType<typeof startProviderStub>>;
  let server: TestServer;
  let storage: Storage;

  beforeAll(async () => {
    data = tempDataDir();
    stub = await startProviderStub();
    server = await startTestServer(data.dir, {
      GITHUB_CLIENT_ID: "client",
      GITHUB_CLIENT_SECRET: "secret",
      GITHUB_URL: stub.url,
      GITHUB_API_URL: `${stub.url}/api`,
      GITLAB_CLIENT_ID: "client",
      GITLAB_CLIENT_SECRET: "secret",
      GITLAB_URL: `${stub.url}/gitlab`,
    });
    storage = openSqliteStorage(`${data.dir}/data-patch.sqlite`);
  });
  afterAll(async () => {
    await storage.close();
    await server.close();
    await stub.close();
    data.remove();
  });

  /** Start, provider, callback: returns where Data Patch sends the browser at the end. */
  async function signIn(provider: "github" | "gitlab", user: StubUser | null, jar = new CookieJar()) {
    stub.signInAs(user);
    const start = await jar.fetch(`${server.url}/api/auth/oauth/${provider}/start`);
    if (!start.location) throw new Error("no redirect to the provider");
    const atProvider = await jar.fetch(start.location.href);
    if (!atProvider.location) throw new Error("no redirect back");
    const back = await jar.fetch(atProvider.location.href);
    return { jar, landing: `${back.location?.pathname}${back.location?.search}` };
  }
  const userOf = async (jar: CookieJar) => {
    const response = await fetch(`${server.url}/api/account`, { headers: jar.header() });
    return response.ok ? ((await response.json()) as { user: { id: string; email: string; name: string } }).user : null;
  };

  it("lists both presets", async () => {
    const response = await fetch(`${server.url}/api/auth/providers`);
    expect(await response.json()).toEqual({
      providers: [
        { id: "github", name: "GitHub" },
        { id: "gitlab", name: "GitLab" },
      ],
    });
  });

  it("GitHub: uses the verified address from /user/emails, never an unverified primary one", async () => {
    const octo: StubUser = {
      id: 42,
      login: "octo",
      name: "",
      emails: [
        { email: "octo-unverified@example.test", primary: true, verified: false },
        { email: "octo@example.test", primary: false, verified: true },
      ],
    };
    const { jar, landing } = await signIn("github", octo);
    expect(landing).toBe("/");
    expect(await userOf(jar)).toMatchObject({ email: "octo@example.test", name: "octo" });
    expect(await storage.oauthAccounts.userFor("github", "42")).toBe((await userOf(jar))?.id);

    const unverified = await signIn("github", {
      ...octo,
      id: 43,
      emails: [{ email: "octo@example.test", primary: true, verified: false }],
    });
    expect(unverified.landing).toBe("/sign-in?error=oauth-email-unverified");
    expect(await storage.oauthAccounts.userFor("github", "43")).toBeNull();
  });

  it("GitLab: links by confirmed address to the account GitHub created, and refuses an unconfirmed one", async () => {
    const github = await signIn("github", {
      id: 7,
      login: "lin",
      name: "Lin",
      emails: [{ email: "lin@example.test", primary: true, verified: true }],
    });
    const gitlab = await signIn("gitlab", {
      id: 7,
      login: "lin-gl",
      name: "Lin GL",
      emails: [{ email: "lin@example.test", primary: true, verified: true }],
    });
    expect(gitlab.landing).toBe("/");
    expect((await userOf(gitlab.jar))?.id).toBe((await userOf(github.jar))?.id);

    const unconfirmed = await signIn("gitlab", {
      id: 8,
      login: "eve",
      name: "Eve",
      emails: [{ email: "lin@example.test", primary: true, verified: false }],
    });
    expect(unconfirmed.landing).toBe("/sign-in?error=oauth-email-unverified");
  });

  it("reports a refusal at the provider and a failed code exchange", async () => {
    expect((await signIn("gitlab", null)).landing).toBe("/sign-in?error=oauth-denied");

    // The code exchange fails when the PKCE verifier is not the one the challenge was made from.
    const jar = new CookieJar();
    stub.signInAs({ id: 9, login: "x", name: "X", emails: [] });
    const start = await jar.fetch(`${server.url}/api/auth/oauth/github/start`);
    const atProvider = await jar.fetch(start.location?.href ?? "");
    jar.cookies.set("dp_oauth_verifier", "a-different-verifier-that-is-long-enough-for-pkce-0123456789");
    const back = await jar.fetch(atProvider.location?.href ?? "");
    expect(back.location?.search).toBe("?error=oauth-provider-error");
  });
});
