/** The sign-in providers this instance offers, from its configuration. */
import type { SignInSettings } from "../config.ts";
import { gitHubProvider } from "./oauthGitHub.ts";
import { gitLabProvider } from "./oauthGitLab.ts";
import type { SignInProvider } from "./oauthTypes.ts";
import { oidcIssuer } from "./oidcIssuer.ts";

export function signInProviders(settings: SignInSettings): Map<string, SignInProvider> {
  const providers = [
    settings.oidc && oidcIssuer(settings.oidc),
    settings.github && gitHubProvider(settings.github),
    settings.gitlab && gitLabProvider(settings.gitlab),
  ].filter((p) => p !== null);
  return new Map(providers.map((p) => [p.id, p]));
}
