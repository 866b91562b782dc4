/**
 * Which account a provider sign-in opens. Accounts are linked by (provider, subject), never by email
 * alone: an address links or creates an account only when the provider says it is verified.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Language } from "../storage/accountTypes.ts";
import type { Storage } from "../storage/types.ts";
import { OAuthFailure, type ProviderProfile } from "./oauthTypes.ts";

const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));

export type OAuthAccount = { userId: string; created: boolean; linked: boolean };

export async function accountForProfile(
  storage: Storage,
  provider: string,
  profile: ProviderProfile,
  language: Language,
): Promise<OAuthAccount> {
  const linkedUser = await storage.oauthAccounts.userFor(provider, profile.subject);
  if (linkedUser) return { userId: linkedUser, created: false, linked: false };

  const email = profile.emailVerified ? emailSchema.safeParse(profile.email).data : undefined;
  if (!email) throw new OAuthFailure("oauth-email-unverified", `${provider} gave no verified email address`);

  const existing = await storage.users.byEmail(email);
  if (existing) {
    if (!existing.emailVerified) {
      // Anyone can sign up with an address they do not own; once the owner proves it here, a password
      // set by that someone else must not keep working (account pre-hijacking).
      await storage.users.update(existing.id, { emailVerified: true, passwordHash: null });
      await storage.sessions.deleteForUser(existing.id);
    }
    await storage.oauthAccounts.link(provider, profile.subject, existing.id);
    return { userId: existing.id, created: false, linked: true };
  }

  const user = await storage.users.create({
    id: randomUUID(),
    email,
    emailVerified: true,
    passwordHash: null,
    name: (profile.name?.trim() || email.split("@")[0] || email).slice(0, 100),
    language,
    createdAt: new Date().toISOString(),
  });
  if (!user) throw new OAuthFailure("oauth-failed", "the address was taken while creating the account; try again");
  await storage.oauthAccounts.link(provider, profile.subject, user.id);
  return { userId: user.id, created: true, linked: true };
}
