/**
 * Any OpenID Connect provider, found by discovery from its issuer URL: authorization code flow with
 * PKCE (S256), state and nonce; openid-client checks the ID token (signature, issuer, audience, nonce).
 */
import * as client from "openid-client";
import { type OAuthChecks, OAuthFailure, type ProviderProfile, type SignInProvider } from "./oauthTypes.ts";

export type OidcSettings = { issuer: string; clientId: string; clientSecret: string; name: string };

const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);

export function oidcIssuer(settings: OidcSettings, id = "oidc"): SignInProvider {
  let discovered: Promise<client.Configuration> | null = null;
  // Discovered at first use, not at start-up, so the server starts while the provider is down; retried after a failure.
  const configuration = () => {
    discovered ??= discover(settings).catch((error: unknown) => {
      discovered = null;
      throw new OAuthFailure("oauth-provider-error", `discovery of ${settings.issuer} failed`, { cause: error });
    });
    return discovered;
  };

  return {
    id,
    name: settings.name,
    async authorizationUrl(redirectUri: string, checks: OAuthChecks) {
      return client.buildAuthorizationUrl(await configuration(), {
        redirect_uri: redirectUri,
        scope: "openid email profile",
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: "S256",
      });
    },
    async profile(callbackUrl: URL, checks: OAuthChecks): Promise<ProviderProfile> {
      const config = await configuration();
      const tokens = await client
        .authorizationCodeGrant(config, callbackUrl, {
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          pkceCodeVerifier: checks.codeVerifier,
        })
        .catch(toFailure);
      const claims = tokens.claims();
      if (!claims) throw new OAuthFailure("oauth-invalid-token", "no ID token in the token response");
      // Providers may keep email and name out of the ID token and give them only through userinfo.
      const info =
        claims.email === undefined
          ? await client.fetchUserInfo(config, tokens.access_token, claims.sub).catch(toFailure)
          : claims;
      const email = typeof info.email === "string" ? info.email : null;
      const name = [info.name, info.preferred_username].find((n) => typeof n === "string") as string | undefined;
      return { subject: claims.sub, email, emailVerified: info.email_verified === true, name: name ?? null };
    },
  };
}

function discover({ issuer, clientId, clientSecret }: OidcSettings): Promise<client.Configuration> {
  const url = new URL(issuer);
  // Plain HTTP only for a provider on this machine (tests, local development); openid-client refuses it otherwise.
  const insecure = url.protocol === "http:" && LOOPBACK.has(url.hostname);
  return client.discovery(
    url,
    clientId,
    undefined,
    client.ClientSecretBasic(clientSecret),
    insecure ? { execute: [client.allowInsecureRequests] } : undefined,
  );
}

/** ID-token and response checks fail as invalid-token; answers and transport errors as provider-error. */
function toFailure(error: unknown): never {
  const code = (error as { code?: unknown }).code;
  const tokenCheck = typeof code === "string" && /JWT|JWS|JWE|CLAIM|KEY_SELECTION/.test(code);
  throw new OAuthFailure(tokenCheck ? "oauth-invalid-token" : "oauth-provider-error", describe(error), {
    cause: error,
  });
}

const describe = (error: unknown) => {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? `${code}: ${error.message}` : error.message;
};
