import type Database from "better-sqlite3";
import type {
  AccountStores,
  ApiTokenRecord,
  InvitationRecord,
  Language,
  OneTimeTokenRecord,
  SessionRecord,
  TokenPurpose,
  UserRecord,
} from "./accountTypes.ts";

type UserRow = {
  id: string;
  email: string;
  email_verified: number;
  password_hash: string | null;
  name: string;
  language: string;
  is_admin: number;
  created_at: string;
};
type SessionRow = { id: string; user_id: string; secret_hash: Buffer; created_at: number; last_verified_at: number };
type TokenRow = {
  id: string;
  purpose: string;
  user_id: string | null;
  email: string;
  secret_hash: Buffer;
  data: string | null;
  expires_at: number;
};

const toUser = (row: UserRow): UserRecord => ({
  id: row.id,
  email: row.email,
  emailVerified: row.email_verified === 1,
  passwordHash: row.password_hash,
  name: row.name,
  language: row.language as Language,
  isAdmin: row.is_admin === 1,
  createdAt: row.created_at,
});
const toSession = (row: SessionRow): SessionRecord => ({
  id: row.id,
  userId: row.user_id,
  secretHash: row.secret_hash,
  createdAt: row.created_at,
  lastVerifiedAt: row.last_verified_at,
});
const toToken = (row: TokenRow): OneTimeTokenRecord => ({
  id: row.id,
  purpose: row.purpose as TokenPurpose,
  userId: row.user_id,
  email: row.email,
  secretHash: row.secret_hash,
  data: row.data,
  expiresAt: row.expires_at,
});

type ApiTokenRow = {
  id: string;
  user_id: string;
  name: string;
  secret_hash: Buffer;
  scope: string;
  dataset_ids: string;
  created_at: string;
  last_used_at: string | null;
};
const toApiToken = (row: ApiTokenRow): ApiTokenRecord => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  secretHash: row.secret_hash,
  scope: row.scope as ApiTokenRecord["scope"],
  datasetIds: JSON.parse(row.dataset_ids) as string[],
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
});
type InvitationRow = {
  id: string;
  dataset_id: string;
  email: string;
  role: string;
  secret_hash: Buffer;
  invited_by: string | null;
  created_at: string;
  expires_at: number;
};
const toInvitation = (row: InvitationRow): InvitationRecord => ({
  id: row.id,
  datasetId: row.dataset_id,
  email: row.email,
  role: row.role,
  secretHash: row.secret_hash,
  invitedBy: row.invited_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

const userColumns = {
  email: "email",
  emailVerified: "email_verified",
  passwordHash: "password_hash",
  name: "name",
  language: "language",
  isAdmin: "is_admin",
} as const;

export function sqliteAccountStores(db: Database.Database): AccountStores {
  const q = {
    // Nobody becomes an administrator by arriving first: only the first-run setup (with the code the
    // server prints) or `npm run admin` makes one.
    createUser: db.prepare(
      `INSERT INTO users (id, email, email_verified, password_hash, name, language, is_admin, created_at)
       SELECT @id, @email, @emailVerified, @passwordHash, @name, @language, @isAdmin, @createdAt
       WHERE NOT EXISTS (SELECT 1 FROM users WHERE email = @email)`,
    ),
    hasAdmin: db.prepare<[], { found: number }>("SELECT EXISTS (SELECT 1 FROM users WHERE is_admin = 1) AS found"),
    userById: db.prepare<[string], UserRow>("SELECT * FROM users WHERE id = ?"),
    userByEmail: db.prepare<[string], UserRow>("SELECT * FROM users WHERE email = ?"),
    listUsers: db.prepare<[], UserRow>("SELECT * FROM users ORDER BY created_at, id"),
    deleteUser: db.prepare<[string]>("DELETE FROM users WHERE id = ?"),
    createSession: db.prepare(
      "INSERT INTO sessions (id, user_id, secret_hash, created_at, last_verified_at) VALUES (@id, @userId, @secretHash, @createdAt, @lastVerifiedAt)",
    ),
    getSession: db.prepare<[string], SessionRow>("SELECT * FROM sessions WHERE id = ?"),
    touchSession: db.prepare<[number, string]>("UPDATE sessions SET last_verified_at = ? WHERE id = ?"),
    deleteSession: db.prepare<[string]>("DELETE FROM sessions WHERE id = ?"),
    deleteUserSessions: db.prepare<[string, string]>("DELETE FROM sessions WHERE user_id = ? AND id <> ?"),
    listSessions: db.prepare<[string], SessionRow>(
      "SELECT * FROM sessions WHERE user_id = ? ORDER BY last_verified_at DESC",
    ),
    deleteOlderTokens: db.prepare<[string, string]>("DELETE FROM one_time_tokens WHERE user_id = ? AND purpose = ?"),
    createToken: db.prepare(
      "INSERT INTO one_time_tokens (id, purpose, user_id, email, secret_hash, data, expires_at) VALUES (@id, @purpose, @userId, @email, @secretHash, @data, @expiresAt)",
    ),
    takeToken: db.prepare<[string], TokenRow>("DELETE FROM one_time_tokens WHERE id = ? RETURNING *"),
    oauthUser: db.prepare<[string, string], { user_id: string }>(
      "SELECT user_id FROM oauth_accounts WHERE provider = ? AND subject = ?",
    ),
    oauthLink: db.prepare<[string, string, string]>(
      "INSERT INTO oauth_accounts (provider, subject, user_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    ),
    addMail: db.prepare(
      "INSERT INTO outbox (recipient, subject, text, html, created_at) VALUES (@recipient, @subject, @text, @html, @createdAt)",
    ),
    listMail: db.prepare<
      [number],
      { id: number; recipient: string; subject: string; text: string; html: string; created_at: string }
    >("SELECT * FROM outbox ORDER BY id DESC LIMIT ?"),
  };
  const t = {
    create: db.prepare(
      `INSERT INTO api_tokens (id, user_id, name, secret_hash, scope, dataset_ids, created_at, last_used_at)
       VALUES (@id, @userId, @name, @secretHash, @scope, @datasetIds, @createdAt, @lastUsedAt)`,
    ),
    get: db.prepare<[string], ApiTokenRow>("SELECT * FROM api_tokens WHERE id = ?"),
    list: db.prepare<[string], ApiTokenRow>("SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC"),
    used: db.prepare<[string, string]>("UPDATE api_tokens SET last_used_at = ? WHERE id = ?"),
    revoke: db.prepare<[string, string]>("DELETE FROM api_tokens WHERE user_id = ? AND id = ?"),
    createInvitation: db.prepare(
      `INSERT INTO invitations (id, dataset_id, email, role, secret_hash, invited_by, created_at, expires_at)
       VALUES (@id, @datasetId, @email, @role, @secretHash, @invitedBy, @createdAt, @expiresAt)`,
    ),
    getInvitation: db.prepare<[string], InvitationRow>("SELECT * FROM invitations WHERE id = ?"),
    listInvitations: db.prepare<[string], InvitationRow>(
      "SELECT * FROM invitations WHERE dataset_id = ? ORDER BY created_at",
    ),
    deleteInvitation: db.prepare<[string]>("DELETE FROM invitations WHERE id = ?"),
  };
  const createToken = db.transaction((token: OneTimeTokenRecord) => {
    if (token.userId) q.deleteOlderTokens.run(token.userId, token.purpose);
    q.createToken.run(token);
  });

  return {
    apiTokens: {
      create: (token) => {
        t.create.run({ ...token, datasetIds: JSON.stringify(token.datasetIds) });
      },
      get: (id) => {
        const row = t.get.get(id);
        return row ? toApiToken(row) : null;
      },
      listForUser: (userId) => t.list.all(userId).map(toApiToken),
      markUsed: (id, at) => {
        t.used.run(at, id);
      },
      revoke: (userId, id) => t.revoke.run(userId, id).changes === 1,
    },
    invitations: {
      create: (invitation) => {
        t.createInvitation.run(invitation);
      },
      get: (id) => {
        const row = t.getInvitation.get(id);
        return row ? toInvitation(row) : null;
      },
      listForDataset: (datasetId) => t.listInvitations.all(datasetId).map(toInvitation),
      delete: (id) => {
        t.deleteInvitation.run(id);
      },
    },
    users: {
      create: (user) => {
        const row = { ...user, emailVerified: user.emailVerified ? 1 : 0, isAdmin: user.isAdmin ? 1 : 0 };
        const inserted = q.createUser.run(row).changes === 1;
        return inserted ? toUser(q.userById.get(user.id) as UserRow) : null;
      },
      byId: (id) => {
        const row = q.userById.get(id);
        return row ? toUser(row) : null;
      },
      byEmail: (email) => {
        const row = q.userByEmail.get(email);
        return row ? toUser(row) : null;
      },
      list: () => q.listUsers.all().map(toUser),
      hasAdmin: () => q.hasAdmin.get()?.found === 1,
      update: (id, patch) => {
        const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [
          keyof typeof userColumns,
          unknown,
        ][];
        if (entries.length === 0) return true;
        const sets = entries.map(([key]) => `${userColumns[key]} = @${key}`).join(", ");
        const values = Object.fromEntries(entries.map(([k, v]) => [k, typeof v === "boolean" ? Number(v) : v]));
        try {
          db.prepare(`UPDATE users SET ${sets} WHERE id = @id`).run({ ...values, id });
          return true;
        } catch (error) {
          if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") return false;
          throw error;
        }
      },
      delete: (id) => {
        q.deleteUser.run(id);
      },
    },
    sessions: {
      create: (session) => {
        q.createSession.run(session);
      },
      get: (id) => {
        const row = q.getSession.get(id);
        return row ? toSession(row) : null;
      },
      touch: (id, at) => {
        q.touchSession.run(at, id);
      },
      delete: (id) => {
        q.deleteSession.run(id);
      },
      deleteForUser: (userId, exceptId = "") => {
        q.deleteUserSessions.run(userId, exceptId);
      },
      listForUser: (userId) => q.listSessions.all(userId).map(toSession),
    },
    tokens: {
      create: (token) => {
        createToken(token);
      },
      take: (id) => {
        const row = q.takeToken.get(id);
        return row ? toToken(row) : null;
      },
    },
    oauthAccounts: {
      userFor: (provider, subject) => q.oauthUser.get(provider, subject)?.user_id ?? null,
      link: (provider, subject, userId) => {
        q.oauthLink.run(provider, subject, userId);
      },
    },
    outbox: {
      add: (mail) => {
        q.addMail.run(mail);
      },
      list: (limit) => q.listMail.all(limit).map(({ created_at, ...mail }) => ({ ...mail, createdAt: created_at })),
    },
  };
}
