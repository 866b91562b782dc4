/**
 * Who may do what on a dataset. One table, used by the server to enforce (every HTTP route and
 * every WebSocket document) and by the client to show only what a person may do.
 *
 * A person's role on a dataset comes from direct grants, grants on its workspace, the groups they
 * belong to, or owning the workspace; the dataset's openness then gives everyone else a role too.
 */
export const roles = ["reader", "contributor", "editor", "moderator", "owner"] as const;
export type Role = (typeof roles)[number];

export const opennessLevels = ["private", "public-read", "public-propose", "public-edit"] as const;
export type Openness = (typeof opennessLevels)[number];

export const actions = [
  "list",
  "open",
  "readCells",
  "propose",
  "editCells",
  "editStructure",
  "moderate",
  "changeSettings",
  "manageMembers",
  "deleteDataset",
  "apiRead",
  "apiWrite",
] as const;
export type Action = (typeof actions)[number];

/** The least role each action needs. */
const needs: Record<Action, Role> = {
  list: "reader",
  open: "reader",
  readCells: "reader",
  apiRead: "reader",
  propose: "contributor",
  editCells: "editor",
  editStructure: "editor",
  apiWrite: "editor",
  moderate: "moderator",
  changeSettings: "owner",
  manageMembers: "owner",
  deleteDataset: "owner",
};

const rank = (role: Role | null) => (role === null ? -1 : roles.indexOf(role));

export const higherRole = (a: Role | null, b: Role | null): Role | null => (rank(a) >= rank(b) ? a : b);

/** What openness gives people who are not members; anonymous visitors never change columns or metadata. */
const opennessRole: Record<Openness, Role | null> = {
  private: null,
  "public-read": "reader",
  "public-propose": "contributor",
  "public-edit": "editor",
};

export type Access = { role: Role | null; viaOpenness: boolean };

/** A person's effective access: their member role, or what the openness gives, whichever is higher. */
export function accessFor(memberRole: Role | null, openness: Openness): Access {
  const open = opennessRole[openness];
  return rank(memberRole) >= rank(open) ? { role: memberRole, viaOpenness: false } : { role: open, viaOpenness: true };
}

export function can(access: Access, action: Action): boolean {
  if (access.role === null) return false;
  if (access.viaOpenness && action === "editStructure") return false;
  return rank(access.role) >= rank(needs[action]);
}
