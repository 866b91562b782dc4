/**
 * GitLab sign-in, gitlab.com or self-hosted. The address of GET /api/v4/user counts as verified only
 * when the account is confirmed (`confirmed_at`), since self-hosted instances may skip confirmation.
 */
import { z } from "zod";
import { apiGet, joinUrl, oauthPreset } from "./oauthPreset.ts";
import { OAuthFailure, type SignInProvider } from "./oauthTypes.ts";

export type GitLabSettings = { clientId: string; clientSecret: string; url: string };

const userSchema = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  confirmed_at: z.string().nullish(),
});

export function gitLabProvider(settings: GitLabSettings): SignInProvider {
  return oauthPreset(
    { id: "gitlab", name: "GitLab" },
    settings,
    {
      authorize: joinUrl(settings.url, "/oauth/authorize"),
      token: joinUrl(settings.url, "/oauth/token"),
      scopes: ["read_user"],
    },
    async (accessToken) => {
      const result = userSchema.safeParse(await apiGet(joinUrl(settings.url, "/api/v4/user"), accessToken));
      if (!result.success)
        throw new OAuthFailure("oauth-provider-error", `unexpected GitLab answer: ${result.error.message}`);
      const user = result.data;
      return {
        subject: String(user.id),
        email: user.email || null,
        emailVerified: Boolean(user.email && user.confirmed_at),
        name: user.name || user.username,
      };
    },
  );
}
