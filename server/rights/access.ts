/**
 * Resolves what a person (or an anonymous visitor, or an API token) may do on datasets, from the
 * storage's grants and each dataset's openness. The rules themselves live in shared/rights.ts.
 */
import type { DatasetId } from "../../shared/ids.ts";
import { type Access, type Action, accessFor, can, higherRole, type Role } from "../../shared/rights.ts";
import type { DatasetRecord, Storage } from "../storage/types.ts";

/** Who is asking. An API token narrows its user's rights to some datasets and to reading or writing. */
export type Principal =
  | { kind: "anonymous" }
  | { kind: "user"; userId: string }
  | { kind: "token"; userId: string; datasetIds: string[]; scope: "read" | "write" };

export const ANONYMOUS: Principal = { kind: "anonymous" };

const highest = (roles: Role[] | undefined) => (roles ?? []).reduce<Role | null>(higherRole, null);

export async function accessTo(storage: Storage, principal: Principal, dataset: DatasetRecord): Promise<Access> {
  if (principal.kind === "anonymous") return accessFor(null, dataset.openness);
  const roles = await storage.rights.memberRoles(principal.userId, dataset.id);
  const access = accessFor(highest(roles.get(dataset.id)), dataset.openness);
  if (principal.kind === "token") return narrowToToken(access, principal, dataset.id);
  return access;
}

/** Datasets the principal may see in a listing, with their access. */
export async function visibleDatasets(storage: Storage, principal: Principal) {
  const all = await storage.datasets.list();
  const roles =
    principal.kind === "anonymous" ? new Map<string, Role[]>() : await storage.rights.memberRoles(principal.userId);
  return all
    .map((dataset) => {
      const access = accessFor(highest(roles.get(dataset.id)), dataset.openness);
      return { dataset, access: principal.kind === "token" ? narrowToToken(access, principal, dataset.id) : access };
    })
    .filter(({ access }) => can(access, "list"));
}

/**
 * Datasets the principal may moderate, read from their grants alone: openness never gives moderation,
 * so the bell and the mail settings need not read every dataset of the instance.
 */
export async function moderatedDatasets(storage: Storage, principal: Principal) {
  if (principal.kind === "anonymous") return [];
  const roles = await storage.rights.memberRoles(principal.userId);
  const moderated: { dataset: DatasetRecord; access: Access }[] = [];
  for (const [datasetId, datasetRoles] of roles) {
    const dataset = await storage.datasets.get(datasetId as DatasetId);
    if (!dataset) continue;
    const own = accessFor(highest(datasetRoles), dataset.openness);
    const access = principal.kind === "token" ? narrowToToken(own, principal, dataset.id) : own;
    if (can(access, "moderate")) moderated.push({ dataset, access });
  }
  return moderated;
}

/** The accounts whose own role on the dataset allows `action` (openness aside: it gives no account anything more). */
export async function membersWhoCan(storage: Storage, dataset: DatasetRecord, action: Action): Promise<string[]> {
  const members = await storage.rights.datasetMembers(dataset.id);
  return [...members]
    .filter(([, roles]) => can(accessFor(highest(roles), dataset.openness), action))
    .map(([userId]) => userId);
}

export async function may(storage: Storage, principal: Principal, dataset: DatasetRecord, action: Action) {
  return can(await accessTo(storage, principal, dataset), action);
}

function narrowToToken(access: Access, token: Extract<Principal, { kind: "token" }>, datasetId: DatasetId): Access {
  if (!token.datasetIds.includes(datasetId) || access.role === null) return { role: null, viaOpenness: false };
  const cap: Role = token.scope === "write" ? "editor" : "reader";
  return { role: higherRole(access.role, cap) === access.role ? cap : access.role, viaOpenness: access.viaOpenness };
}
