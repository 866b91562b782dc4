/**
 * A real OpenID Connect provider (panva's oidc-provider) on loopback for tests, plus a fetch-driven
 * "browser" that goes through its development login and consent pages.
 */
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
// @ts-expect-error oidc-provider ships no type declarations
import Provider from "oidc-provider";

export type TestAccount = { email: string; email_verified: boolean; name?: string };

export const TEST_CLIENT = { id: "data-patch", secret: "data-patch-test-secret" };

/**
 * Listens first, so the issuer URL (with its port) is known before the app starts; the provider itself
 * is made by `allowRedirectUri`, once the app's callback URL is known.
 */
export async function startOidcProvider(accounts: Record<string, TestAccount>) {
  const server = http.createServer((_request, response) => {
    response.writeHead(503).end("provider not configured yet");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    allowRedirectUri(redirectUri: string) {
      const provider = new Provider(issuer, {
        clients: [{ client_id: TEST_CLIENT.id, client_secret: TEST_CLIENT.secret, redirect_uris: [redirectUri] }],
        claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
        pkce: { required: () => true },
        // Explicit lifetimes keep oidc-provider from printing a notice for each default it uses.
        ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
        async findAccount(_context: unknown, sub: string) {
          const account = accounts[sub];
          return account && { accountId: sub, claims: async () => ({ sub, ...account }) };
        },
      });
      server.removeAllListeners("request");
      server.on("request", provider.callback());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Cookies by name, for one simulated browser (browsers do not separate cookies by port either). */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  header(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } : {};
  }
  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  /** One request without following redirects; returns the response and its Location, if any. */
  async fetch(url: string, init: RequestInit = {}): Promise<{ response: Response; location: URL | null }> {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...this.header(), ...(init.headers as Record<string, string>) },
    });
    this.store(response);
    const location = response.headers.get("location");
    return { response, location: location ? new URL(location, url) : null };
  }
}

/**
 * Follows the provider's pages from the authorization URL: signs in as `login` and consents (or aborts),
 * and stops at the first redirect away from the provider, which it returns.
 */
export async function signInAtProvider(
  authorizationUrl: URL,
  login: string,
  jar: CookieJar,
  { abort = false } = {},
): Promise<URL> {
  const issuerOrigin = authorizationUrl.origin;
  let url = authorizationUrl.href;
  let init: RequestInit = {};
  for (let step = 0; step < 10; step++) {
    const { response, location } = await jar.fetch(url, init);
    if (location) {
      if (location.origin !== issuerOrigin) return location;
      url = location.href;
      init = {};
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (!action || !prompt) throw new Error(`unexpected provider page (${response.status}): ${page.slice(0, 300)}`);
    if (abort) {
      url = new URL(`${new URL(action, url).pathname}/abort`, url).href;
      init = {};
      continue;
    }
    url = new URL(action, url).href;
    init = {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(prompt === "login" ? { prompt, login, password: "any" } : { prompt }).toString(),
    };
  }
  throw new Error("too many steps at the provider");
}
