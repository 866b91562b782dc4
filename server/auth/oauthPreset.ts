/**
 * The plain OAuth 2.0 code flow (with PKCE S256) shared by the GitHub and GitLab presets, through
 * arctic; each preset then asks its provider's API who signed in.
 */
import { CodeChallengeMethod, OAuth2Client } from "arctic";
import { type OAuthChecks, OAuthFailure, type ProviderProfile, type SignInProvider } from "./oauthTypes.ts";

export type PresetEndpoints = { authorize: string; token: string; scopes: string[] };
type Credentials = { clientId: string; clientSecret: string };

export function oauthPreset(
  identity: { id: string; name: string },
  { clientId, clientSecret }: Credentials,
  endpoints: PresetEndpoints,
  profileOf: (accessToken: string) => Promise<ProviderProfile>,
): SignInProvider {
  const clientFor = (redirectUri: string) => new OAuth2Client(clientId, clientSecret, redirectUri);
  return {
    ...identity,
    async authorizationUrl(redirectUri: string, checks: OAuthChecks) {
      return clientFor(redirectUri).createAuthorizationURLWithPKCE(
        endpoints.authorize,
        checks.state,
        CodeChallengeMethod.S256,
        checks.codeVerifier,
        endpoints.scopes,
      );
    },
    async profile(callbackUrl: URL, checks: OAuthChecks) {
      const code = callbackUrl.searchParams.get("code");
      if (!code) throw new OAuthFailure("oauth-provider-error", "no code in the callback");
      const redirectUri = `${callbackUrl.origin}${callbackUrl.pathname}`;
      let accessToken: string;
      try {
        const tokens = await clientFor(redirectUri).validateAuthorizationCode(
          endpoints.token,
          code,
          checks.codeVerifier,
        );
        // GitHub answers 200 with an `error` field; accessToken() throws when the token is missing.
        accessToken = tokens.accessToken();
      } catch (error) {
        throw new OAuthFailure("oauth-provider-error", `code exchange failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      return profileOf(accessToken);
    },
  };
}

/** GET a JSON API resource with the user's access token. */
export async function apiGet(url: string, accessToken: string, accept = "application/json"): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      // GitHub's API refuses requests without a User-Agent.
      headers: { authorization: `Bearer ${accessToken}`, accept, "user-agent": "data-patch" },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new OAuthFailure("oauth-provider-error", `GET ${url} failed: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new OAuthFailure("oauth-provider-error", `GET ${url} answered ${response.status}`);
  return response.json();
}

export const joinUrl = (base: string, path: string) => `${base.replace(/\/+$/, "")}${path}`;
