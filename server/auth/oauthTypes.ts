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

/** Stable codes, sent to the sign-in page as `/sign-in?error=<code>`. */
export const OAUTH_ERRORS = [
  "oauth-unknown-provider",
  "oauth-denied",
  "oauth-provider-error",
  "oauth-invalid-state",
  "oauth-invalid-token",
  "oauth-email-unverified",
  "oauth-failed",
] as const;
export type OAuthErrorCode = (typeof OAUTH_ERRORS)[number];

export class OAuthFailure extends Error {
  readonly code: OAuthErrorCode;
  constructor(code: OAuthErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
