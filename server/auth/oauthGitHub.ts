/**
 * GitHub (or GitHub Enterprise Server) sign-in. GitHub is not OpenID Connect: the person's id comes from
 * GET /user and only addresses marked `verified` in GET /user/emails count.
 */
import { z } from "zod";
import { apiGet, joinUrl, oauthPreset } from "./oauthPreset.ts";
import { OAuthFailure, type SignInProvider } from "./oauthTypes.ts";

export type GitHubSettings = { clientId: string; clientSecret: string; url: string; apiUrl: string };

const userSchema = z.object({ id: z.number(), login: z.string(), name: z.string().nullish() });
const emailsSchema = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));
const GITHUB_JSON = "application/vnd.github+json";

export function gitHubProvider(settings: GitHubSettings): SignInProvider {
  return oauthPreset(
    { id: "github", name: "GitHub" },
    settings,
    {
      authorize: joinUrl(settings.url, "/login/oauth/authorize"),
      token: joinUrl(settings.url, "/login/oauth/access_token"),
      scopes: ["read:user", "user:email"],
    },
    async (accessToken) => {
      const user = parse(userSchema, await apiGet(joinUrl(settings.apiUrl, "/user"), accessToken, GITHUB_JSON));
      const emails = parse(
        emailsSchema,
        await apiGet(joinUrl(settings.apiUrl, "/user/emails"), accessToken, GITHUB_JSON),
      );
      const verified = emails.filter((e) => e.verified);
      const email = verified.find((e) => e.primary) ?? verified[0];
      return {
        subject: String(user.id),
        email: email?.email ?? null,
        emailVerified: email !== undefined,
        name: user.name || user.login,
      };
    },
  );
}

function parse<T>(schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (!result.success)
    throw new OAuthFailure("oauth-provider-error", `unexpected GitHub answer: ${result.error.message}`);
  return result.data;
}
