/** Storage contract for accounts: users, sessions, one-time tokens, linked sign-in providers, outgoing mail. */
import type { MaybePromise } from "./types.ts";

/** A language tag (see shared/api/auth.ts): the folders of client/locales and server/locales. */
export type Language = string;

export interface UserRecord {
  id: string;
  email: string;
  emailVerified: boolean;
  /** Argon2id PHC string; null for accounts that only sign in through a provider. */
  passwordHash: string | null;
  name: string;
  language: Language;
  isAdmin: boolean;
  createdAt: string;
}

/** `isAdmin` only from the first-run setup and `npm run admin`: arriving first makes nobody an administrator. */
export type NewUser = Omit<UserRecord, "isAdmin"> & { isAdmin?: boolean };
export type UserPatch = Partial<
  Pick<UserRecord, "email" | "emailVerified" | "passwordHash" | "name" | "language" | "isAdmin">
>;

export interface UserStore {
  /** Inserts a user (an administrator only if `isAdmin`). Null if the email is taken. */
  create(user: NewUser): MaybePromise<UserRecord | null>;
  byId(id: string): MaybePromise<UserRecord | null>;
  byEmail(email: string): MaybePromise<UserRecord | null>;
  list(): MaybePromise<UserRecord[]>;
  /** Whether the instance has an administrator yet (until then, the first-run setup is open). */
  hasAdmin(): MaybePromise<boolean>;
  /** False if the new email is taken by another account. */
  update(id: string, patch: UserPatch): MaybePromise<boolean>;
  delete(id: string): MaybePromise<void>;
}

export interface SessionRecord {
  id: string;
  userId: string;
  secretHash: Uint8Array;
  createdAt: number;
  lastVerifiedAt: number;
}

export interface SessionStore {
  create(session: SessionRecord): MaybePromise<void>;
  get(id: string): MaybePromise<SessionRecord | null>;
  touch(id: string, lastVerifiedAt: number): MaybePromise<void>;
  delete(id: string): MaybePromise<void>;
  /** Deletes all of a user's sessions but `exceptId`. */
  deleteForUser(userId: string, exceptId?: string): MaybePromise<void>;
  listForUser(userId: string): MaybePromise<SessionRecord[]>;
}

export type TokenPurpose = "verify-email" | "reset-password" | "change-email";

export interface OneTimeTokenRecord {
  id: string;
  purpose: TokenPurpose;
  userId: string | null;
  email: string;
  secretHash: Uint8Array;
  data: string | null;
  expiresAt: number;
}

export interface OneTimeTokenStore {
  /** Stores a token and deletes the user's older tokens of the same purpose. */
  create(token: OneTimeTokenRecord): MaybePromise<void>;
  /** Deletes and returns a token: a token is spent by any attempt to use it. */
  take(id: string): MaybePromise<OneTimeTokenRecord | null>;
}

export interface OAuthAccountStore {
  userFor(provider: string, subject: string): MaybePromise<string | null>;
  link(provider: string, subject: string, userId: string): MaybePromise<void>;
}

export interface OutboxMail {
  id: number;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
}

export interface OutboxStore {
  add(mail: Omit<OutboxMail, "id">): MaybePromise<void>;
  list(limit: number): MaybePromise<OutboxMail[]>;
}

export interface ApiTokenRecord {
  id: string;
  userId: string;
  name: string;
  secretHash: Uint8Array;
  scope: "read" | "write";
  datasetIds: string[];
  createdAt: string;
  lastUsedAt: string | null;
}

export interface ApiTokenStore {
  create(token: ApiTokenRecord): MaybePromise<void>;
  get(id: string): MaybePromise<ApiTokenRecord | null>;
  listForUser(userId: string): MaybePromise<ApiTokenRecord[]>;
  markUsed(id: string, at: string): MaybePromise<void>;
  /** Deletes a user's token; false if the user has no such token. */
  revoke(userId: string, id: string): MaybePromise<boolean>;
}

export interface InvitationRecord {
  id: string;
  datasetId: string;
  email: string;
  role: string;
  secretHash: Uint8Array;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: number;
}

export interface InvitationStore {
  create(invitation: InvitationRecord): MaybePromise<void>;
  get(id: string): MaybePromise<InvitationRecord | null>;
  listForDataset(datasetId: string): MaybePromise<InvitationRecord[]>;
  delete(id: string): MaybePromise<void>;
}

export interface AccountStores {
  apiTokens: ApiTokenStore;
  invitations: InvitationStore;
  users: UserStore;
  sessions: SessionStore;
  tokens: OneTimeTokenStore;
  oauthAccounts: OAuthAccountStore;
  outbox: OutboxStore;
}
