import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStorage } from "../storage/sqlite.ts";
import type { Storage } from "../storage/types.ts";
import { CookieJar, signInAtProvider, startOidcProvider, TEST_CLIENT } from "../test/oidcProvider.ts";
import { startTestServer, type TestServer, tempDataDir } from "../test/testServer.ts";

const ACCOUNTS = {
  alice: { email: "alice@example.test", email_verified: true, name: "Alice Martin" },
  bob: { email: "Bob@Example.test", email_verified: true, name: "Bob" },
  mallory: { email: "carol@example.test", email_verified: false, name: "Not Carol" },
  dave: { email: "dave@example.test", email_verified: false },
};

describe("sign-in through a real OpenID Connect provider", () => {
  let data: ReturnType<typeof tempDataDir>;
  let provider: Awaited<ReturnType<typeof startOidcProvider>>;
  let server: TestServer;
  let storage: Storage;

  beforeAll(async () => {
    data = tempDataDir();
    provider = await startOidcProvider(ACCOUNTS);
    server = await startTestServer(data.dir, {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: TEST_CLIENT.id,
      OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
      OIDC_NAME: "Example SSO",
    });
    provider.allowRedirectUri(`${server.url}/api/auth/oauth/oidc/callback`);
    storage = openSqliteStorage(`${data.dir}/data-patch.sqlite`);
  });
  afterAll(async () => {
    await storage.close();
    await server.close();
    await provider.close();
    data.remove();
  });

  const start = async (jar: CookieJar, query = "") => {
    const { response, location } = await jar.fetch(`${server.url}/api/auth/oauth/oidc/start${query}`);
    expect(response.status).toBe(302);
    if (!location) throw new Error("no redirect");
    return { response, location };
  };
  /** Callback as the browser follows it; returns where Data Patch sends the browser next. */
  const callback = async (jar: CookieJar, url: URL) => {
    const { response, location } = await jar.fetch(url.href, { headers: { "accept-language": "fr-FR,fr;q=0.8" } });
    expect(response.status).toBe(302);
    return location ? `${location.pathname}${location.search}` : "";
  };
  const signIn = async (login: string, jar = new CookieJar(), query = "") => {
    const { location } = await start(jar, query);
    return { jar, landing: await callback(jar, await signInAtProvider(location, login, jar)) };
  };
  const account = async (jar: CookieJar) => {
    const response = await fetch(`${server.url}/api/account`, { headers: jar.header() });
    return {
      status: response.status,
      user: response.ok ? ((await response.json()) as { user: Record<string, unknown> }).user : null,
    };
  };

  it("lists the configured provider for the sign-in page", async () => {
    const response = await fetch(`${server.url}/api/auth/providers`);
    expect(await response.json()).toEqual({ providers: [{ id: "oidc", name: "Example SSO" }] });
  });

  it("redirects to the provider with PKCE, state and nonce held in short-lived HttpOnly cookies", async () => {
    const { response, location } = await start(new CookieJar());
    expect(location.origin).toBe(provider.issuer);
    const params = location.searchParams;
    expect(params.get("redirect_uri")).toBe(`${server.url}/api/auth/oauth/oidc/callback`);
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("scope")).toBe("openid email profile");
    const cookies = response.headers.getSetCookie();
    for (const name of ["dp_oauth_state", "dp_oauth_verifier", "dp_oauth_nonce"]) {
      const cookie = cookies.find((c) => c.startsWith(`${name}=`));
      expect(cookie).toMatch(/Max-Age=600/);
      expect(cookie).toMatch(/Path=\/api\/auth\/oauth\/oidc\/callback/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
    }
    expect(cookies.find((c) => c.startsWith("dp_oauth_state="))).toContain(params.get("state"));
  });

  it("creates a verified account at the first sign-in, then signs in to the same account", async () => {
    const first = await signIn("alice");
    expect(first.landing).toBe("/");
    expect([...first.jar.cookies.keys()].filter((k) => k.startsWith("dp_oauth"))).toEqual([]);
    const { status, user } = await account(first.jar);
    expect(status).toBe(200);
    expect(user).toMatchObject({ email: "alice@example.test", name: "Alice Martin", language: "fr" });
    expect((await storage.users.byEmail("alice@example.test"))?.emailVerified).toBe(true);

    const second = await signIn("alice", new CookieJar(), `?next=${encodeURIComponent("/datasets/abc?tab=rows")}`);
    expect(second.landing).toBe("/datasets/abc?tab=rows");
    expect((await account(second.jar)).user?.id).toBe(user?.id);
    expect((await storage.users.list()).filter((u) => u.email === "alice@example.test")).toHaveLength(1);
  });

  it("links to an existing account with the same verified address", async () => {
    const bob = await storage.users.create({
      id: "bob-id",
      email: "bob@example.test",
      emailVerified: true,
      passwordHash: "$argon2id$kept",
      name: "Bob Local",
      language: "en",
      createdAt: new Date().toISOString(),
    });
    const { jar } = await signIn("bob");
    expect((await account(jar)).user).toMatchObject({ id: bob?.id, name: "Bob Local" });
    expect(await storage.oauthAccounts.userFor("oidc", "bob")).toBe(bob?.id);
    expect((await storage.users.byId("bob-id"))?.passwordHash).toBe("$argon2id$kept");
  });

  it("never links an unverified address to an existing account, nor creates one with it", async () => {
    await storage.users.create({
      id: "carol-id",
      email: "carol@example.test",
      emailVerified: true,
      passwordHash: null,
      name: "Carol",
      language: "en",
      createdAt: new Date().toISOString(),
    });
    const mallory = await signIn("mallory");
    expect(mallory.landing).toBe("/sign-in?error=oauth-email-unverified");
    expect((await account(mallory.jar)).status).toBe(401);
    expect(await storage.oauthAccounts.userFor("oidc", "mallory")).toBeNull();

    const dave = await signIn("dave");
    expect(dave.landing).toBe("/sign-in?error=oauth-email-unverified");
    expect(await storage.users.byEmail("dave@example.test")).toBeNull();
  });

  it("refuses a callback whose state is not the one sent, or without the state cookie", async () => {
    const jar = new CookieJar();
    const { location } = await start(jar);
    const returned = await signInAtProvider(location, "alice", jar);
    const forged = new URL(returned);
    forged.searchParams.set("state", "forged-state");
    expect(await callback(jar, forged)).toBe("/sign-in?error=oauth-invalid-state");
    expect((await account(jar)).status).toBe(401);

    // A callback that reaches another browser (login CSRF): it has no flow cookies.
    const victim = new CookieJar();
    const other = new CookieJar();
    const { location: otherStart } = await start(other);
    expect(await callback(victim, await signInAtProvider(otherStart, "alice", other))).toBe(
      "/sign-in?error=oauth-invalid-state",
    );
    expect((await account(victim)).status).toBe(401);
  });

  it("refuses an ID token whose nonce is not the one bound to this browser", async () => {
    const jar = new CookieJar();
    const { location } = await start(jar);
    jar.cookies.set("dp_oauth_nonce", "tampered-nonce");
    expect(await callback(jar, await signInAtProvider(location, "alice", jar))).toBe(
      "/sign-in?error=oauth-invalid-token",
    );
    expect((await account(jar)).status).toBe(401);
  });

  it("handles the provider's refusal (access_denied) and unknown providers", async () => {
    const jar = new CookieJar();
    const { location } = await start(jar);
    const denied = await signInAtProvider(location, "alice", jar, { abort: true });
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(await callback(jar, denied)).toBe("/sign-in?error=oauth-denied");

    const unknown = await jar.fetch(`${server.url}/api/auth/oauth/nope/start`);
    expect(unknown.location?.pathname + (unknown.location?.search ?? "")).toBe("/sign-in?error=oauth-unknown-provider");
  });

  it("ignores a next address that leaves the site", async () => {
    for (const next of ["//evil.example/x", "https://evil.example", "/\\evil.example"]) {
      const { landing } = await signIn("alice", new CookieJar(), `?next=${encodeURIComponent(next)}`);
      expect(landing).toBe("/");
    }
  });
});
