/** What every sign-in provider (OpenID Connect, GitHub, GitLab) offers to the sign-in routes. */

/** Who signed in at the provider; `emailVerified` is true only when the provider vouches for the address. */
export type ProviderProfile = { subject: string; email: string | null; emailVerified: boolean; name: string | null };

/** Values bound to one browser by short-lived cookies between the start and the callback. */
export type OAuthChecks = { state: string; codeVerifier: string; nonce: string };

export interface SignInProvider {
  /** Used in URLs and stored with each linked account: never change it for a configured provider. */
  readonly id: string;
  /** Label of the sign-in button. */
  readonly name: string;
  authorizationUrl(redirectUri: string, checks: OAuthChecks): Promise<URL>;
  /** Exchanges the code in `callbackUrl` (the redirect URI plus the provider's query) for the profile. */
  profile(callbackUrl: URL, checks: OAuthChecks): Promise<ProviderProfile>;
}

import type { OAuthErrorCode } from "../../shared/api/auth.ts";

export { OAUTH_ERRORS, type OAuthErrorCode } from "../../shared/api/auth.ts";

export class OAuthFailure extends Error {
  readonly code: OAuthErrorCode;
  constructor(code: OAuthErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
