/**
 * The accounts, rights, workspaces and admin routes (docs/API.md), typed with the shapes in shared/api.
 * Errors carry the server's `error` code so pages can show a translated message for it.
 */
import type { PublicUser, SessionInfo } from "../shared/api/auth.ts";
import type { DatasetProblems, DatasetRepair, DatasetSummary } from "../shared/api/datasets.ts";
import type { EmbedSettings } from "../shared/api/embeds.ts";
import type { InstanceInfo, InvitationCreated, MailStatus } from "../shared/api/instance.ts";
import type { Openness, Role } from "../shared/rights.ts";

export class AccountApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function request<T>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? "GET",
    headers: {
      accept: "application/json",
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  if (!response.ok) {
    let code = response.status === 429 ? "too-many-attempts" : `http-${response.status}`;
    let message = response.statusText;
    try {
      const body = (await response.json()) as { error?: string; message?: string };
      if (response.status !== 429 && body.error) code = body.error;
      message = body.message ?? message;
    } catch {
      // not JSON: keep the status
    }
    throw new AccountApiError(response.status, code, message);
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

export const post = <T = unknown>(path: string, body: unknown = {}) => request<T>(path, { method: "POST", body });
const enc = encodeURIComponent;

export type Language = PublicUser["language"];
export type Provider = { id: string; name: string };
export type ApiToken = {
  id: string;
  name: string;
  scope: "read" | "write";
  datasetIds: string[];
  createdAt: string;
  lastUsedAt: string | null;
};
export type Member = { type: "user" | "group"; id: string; role: Role; name: string | null; email: string | null };
export type Invitation = { id: string; email: string; role: Role; createdAt: string; expiresAt: string };
export type Workspace = {
  id: string;
  name: string;
  ownerUserId: string | null;
  ownerGroupId: string | null;
  createdAt: string;
  role: Role | null;
  datasets: DatasetSummary[];
};
/** `members` is only there if the server lists them (see the report on GET /api/groups). */
export type Group = {
  id: string;
  name: string;
  createdAt: string;
  members?: { id: string; name?: string; email?: string }[];
};
export type AdminUser = PublicUser & { emailVerified: boolean; createdAt: string };
export type OutboxMail = { id: number; recipient: string; subject: string; text: string; createdAt: string };

export const accountApi = {
  // The instance, and its first administrator
  instance: () => request<InstanceInfo>("/api/instance"),
  setup: (body: { code: string; email: string; password: string; name: string; language: Language }) =>
    post<{ user: PublicUser }>("/api/setup", body).then((r) => r.user),

  // Session and sign-in
  account: () => request<{ user: PublicUser; sessions: SessionInfo[] }>("/api/account"),
  providers: () => request<{ providers: Provider[] }>("/api/auth/providers").then((r) => r.providers),
  signUp: (body: { email: string; password: string; name: string; language: Language; next?: string }) =>
    post<MailStatus>("/api/auth/sign-up", body),
  signIn: (email: string, password: string) =>
    post<{ user: PublicUser }>("/api/auth/sign-in", { email, password }).then((r) => r.user),
  signOut: () => post("/api/auth/sign-out"),
  verifyEmail: (token: string) => post("/api/auth/verify-email", { token }),
  requestReset: (email: string) => post<MailStatus>("/api/auth/password-reset/request", { email }),
  resetPassword: (token: string, password: string) => post("/api/auth/password-reset", { token, password }),
  confirmEmail: (token: string) => post("/api/auth/confirm-email", { token }),
  acceptInvitation: (token: string) => post<DatasetSummary>("/api/invitations/accept", { token }),

  // Account
  updateAccount: (patch: { name?: string; language?: Language }) =>
    request<{ user: PublicUser }>("/api/account", { method: "PATCH", body: patch }).then((r) => r.user),
  changePassword: (currentPassword: string, newPassword: string) =>
    post("/api/account/password", { currentPassword, newPassword }),
  changeEmail: (newEmail: string, password: string) => post<MailStatus>("/api/account/email", { newEmail, password }),
  revokeSession: (id: string) => request(`/api/account/sessions/${enc(id)}`, { method: "DELETE" }),
  deleteAccount: (password: string) => request("/api/account", { method: "DELETE", body: { password } }),
  tokens: () => request<{ tokens: ApiToken[] }>("/api/account/tokens").then((r) => r.tokens),
  createToken: (body: { name: string; scope: "read" | "write"; datasetIds: string[] }) =>
    post<ApiToken & { token: string }>("/api/account/tokens", body),
  revokeToken: (id: string) => request(`/api/account/tokens/${enc(id)}`, { method: "DELETE" }),

  // Datasets: settings, members, invitations
  datasets: () => request<{ datasets: DatasetSummary[] }>("/api/datasets").then((r) => r.datasets),
  dataset: (id: string) => request<DatasetSummary>(`/api/datasets/${enc(id)}`),
  embedSettings: (id: string) => request<EmbedSettings>(`/api/datasets/${enc(id)}/embed-settings`),
  setEmbedSites: (id: string, sites: string[]) =>
    request<EmbedSettings>(`/api/datasets/${enc(id)}/embed-settings`, { method: "PUT", body: { sites } }),
  setOpenness: (id: string, openness: Openness) =>
    request(`/api/datasets/${enc(id)}/settings`, { method: "PATCH", body: { openness } }),
  deleteDataset: (id: string) => request(`/api/datasets/${enc(id)}`, { method: "DELETE" }),
  problems: (id: string) => request<DatasetProblems>(`/api/datasets/${enc(id)}/problems`),
  repairDataset: (id: string) => post<DatasetRepair>(`/api/datasets/${enc(id)}/repair`),
  moveDataset: (id: string, workspaceId: string) =>
    request(`/api/datasets/${enc(id)}/workspace`, { method: "PUT", body: { workspaceId } }),
  members: (id: string) =>
    request<{ members: Member[]; invitations: Invitation[] }>(`/api/datasets/${enc(id)}/members`),
  setMemberRole: (id: string, member: Pick<Member, "type" | "id">, role: Role) =>
    request(`/api/datasets/${enc(id)}/members/${member.type}s/${enc(member.id)}`, { method: "PUT", body: { role } }),
  removeMember: (id: string, member: Pick<Member, "type" | "id">) =>
    request(`/api/datasets/${enc(id)}/members/${member.type}s/${enc(member.id)}`, { method: "DELETE" }),
  invite: (id: string, email: string, role: Role) =>
    post<InvitationCreated>(`/api/datasets/${enc(id)}/invitations`, { email, role }),
  revokeInvitation: (id: string, invitationId: string) =>
    request(`/api/datasets/${enc(id)}/invitations/${enc(invitationId)}`, { method: "DELETE" }),

  // Workspaces and groups
  workspaces: () => request<{ workspaces: Workspace[] }>("/api/workspaces").then((r) => r.workspaces),
  createWorkspace: (name: string, groupId?: string) => post<Workspace>("/api/workspaces", { name, groupId }),
  groups: () => request<{ groups: Group[] }>("/api/groups").then((r) => r.groups),
  createGroup: (name: string) => post<Group>("/api/groups", { name }),
  addGroupMember: (groupId: string, email: string) => post(`/api/groups/${enc(groupId)}/members`, { email }),
  removeGroupMember: (groupId: string, userId: string) =>
    request(`/api/groups/${enc(groupId)}/members/${enc(userId)}`, { method: "DELETE" }),

  // Administration
  adminUsers: () => request<{ users: AdminUser[] }>("/api/admin/users").then((r) => r.users),
  outbox: () => request<{ mails: OutboxMail[] }>("/api/admin/outbox").then((r) => r.mails),
  confirmAccount: (userId: string) => post<AdminUser>(`/api/admin/users/${enc(userId)}/verify`),
};

/** A same-site path to come back to after signing in (never another site: `//evil` or `https://…`). */
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : fallback;
}
