/** Personal API tokens of the signed-in person (docs/API.md, "API tokens"). */
import { z } from "zod";
import { route } from "./route.ts";

export const newTokenSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scope: z.enum(["read", "write"]),
  datasetIds: z.array(z.string().min(1).max(100)).min(1).max(1000),
});

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(["read", "write"]),
  datasetIds: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const tokenApi = {
  list: route({ method: "GET", path: "/api/account/tokens", answer: z.object({ tokens: z.array(apiTokenSchema) }) }),
  /** The token itself (`dp_…`) is in this answer only. */
  create: route({
    method: "POST",
    path: "/api/account/tokens",
    body: newTokenSchema,
    answer: apiTokenSchema.extend({ token: z.string() }),
    status: 201,
  }),
  revoke: route({ method: "DELETE", path: "/api/account/tokens/:id", answer: null }),
};
