/** Personal API tokens: shown once, stored hashed, scoped to datasets and to read or write, revocable. */
import type { Principal } from "../rights/access.ts";
import type { ApiTokenRecord } from "../storage/accountTypes.ts";
import type { Storage } from "../storage/types.ts";
import { issueSecret, parseSecret, secretMatches } from "./secrets.ts";

/** A recognisable prefix lets secret scanners find leaked tokens. */
export const API_TOKEN_PREFIX = "dp_";

export type NewApiToken = { name: string; scope: "read" | "write"; datasetIds: string[] };

export async function createApiToken(storage: Storage, userId: string, input: NewApiToken) {
  const { id, token, secretHash } = issueSecret(API_TOKEN_PREFIX);
  const record: ApiTokenRecord = {
    id,
    userId,
    secretHash,
    createdAt: new Date().toISOString(),
    lastUsedAt: null,
    ...input,
  };
  await storage.apiTokens.create(record);
  return { token, record };
}

/** The principal a bearer token stands for, or null if it is unknown or revoked. */
export async function principalOfApiToken(storage: Storage, token: string): Promise<Principal | null> {
  const parts = parseSecret(token, API_TOKEN_PREFIX);
  const record = parts ? await storage.apiTokens.get(parts.id) : null;
  if (!parts || !record || !secretMatches(parts.secret, record.secretHash)) return null;
  await storage.apiTokens.markUsed(record.id, new Date().toISOString());
  return { kind: "token", userId: record.userId, datasetIds: record.datasetIds, scope: record.scope };
}
