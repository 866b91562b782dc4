/** Instance administrators: every account, confirming one by hand, the outbox (docs/API.md, "Administration"). */
import { z } from "zod";
import { publicUserSchema } from "./auth.ts";
import { route } from "./route.ts";

export const adminUserSchema = publicUserSchema.extend({ emailVerified: z.boolean(), createdAt: z.string() });
export type AdminUser = z.infer<typeof adminUserSchema>;

export const outboxMailSchema = z.object({
  id: z.number(),
  recipient: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  createdAt: z.string(),
});
export type OutboxMail = z.infer<typeof outboxMailSchema>;

export const adminApi = {
  users: route({ method: "GET", path: "/api/admin/users", answer: z.object({ users: z.array(adminUserSchema) }) }),
  outbox: route({ method: "GET", path: "/api/admin/outbox", answer: z.object({ mails: z.array(outboxMailSchema) }) }),
  confirmAccount: route({ method: "POST", path: "/api/admin/users/:id/verify", answer: adminUserSchema }),
};
