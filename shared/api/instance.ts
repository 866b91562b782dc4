/** The first-run setup and what the instance tells every visitor about itself (docs/API.md). */
import { z } from "zod";
import { publicUserSchema, signUpSchema } from "./auth.ts";
import { route } from "./route.ts";

/** A raster tile layer: a `{z}/{x}/{y}` URL template and the credit to show (text, and a link for it). */
export const mapTilesSchema = z.object({
  url: z.string(),
  attribution: z.string(),
  attributionUrl: z.string().nullable(),
});
export type MapTiles = z.infer<typeof mapTilesSchema>;

/** `GET /api/instance`. */
export const instanceInfoSchema = z.object({
  /** No administrator yet: the setup page (with the code from the server's log) is open. */
  needsSetup: z.boolean(),
  /** An SMTP server is configured; without one, emails wait in the administrators' outbox. */
  emailConfigured: z.boolean(),
  /**
   * `SYNC_WATCHDOG_MS`: how long a connected page waits for an acknowledgement of its changes
   * before it takes a fresh connection; its other bounds follow (client/collab/syncWatchdog.ts).
   */
  syncWatchdogMs: z.number(),
  /** The maps' background tiles (server settings MAP_TILE_URL, MAP_TILE_ATTRIBUTION…). */
  mapTiles: mapTilesSchema,
});
export type InstanceInfo = z.infer<typeof instanceInfoSchema>;

/** `POST /api/setup`: the administrator's account and the code the server printed at start. */
export const setupSchema = signUpSchema.omit({ next: true }).extend({ code: z.string().trim().min(1).max(100) });

export const instanceApi = {
  /** For a load balancer or a monitor: the process answers. */
  health: route({ method: "GET", path: "/api/health", answer: z.object({ ok: z.literal(true) }) }),
  info: route({ method: "GET", path: "/api/instance", answer: instanceInfoSchema }),
  setup: route({
    method: "POST",
    path: "/api/setup",
    body: setupSchema,
    answer: z.object({ user: publicUserSchema }),
    status: 201,
  }),
};
