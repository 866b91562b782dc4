/** The first-run setup and what the instance tells every visitor about itself (docs/API.md). */
import { z } from "zod";
import type { Role } from "../rights.ts";
import { signUpSchema } from "./auth.ts";

/** `GET /api/instance`. */
export type InstanceInfo = {
  /** No administrator yet: the setup page (with the code from the server's log) is open. */
  needsSetup: boolean;
  /** An SMTP server is configured; without one, emails wait in the administrators' outbox. */
  emailConfigured: boolean;
  /**
   * `SYNC_WATCHDOG_MS`: how long a connected page waits for an acknowledgement of its changes
   * before it takes a fresh connection; its other bounds follow (client/collab/syncWatchdog.ts).
   */
  syncWatchdogMs: number;
  /** The maps' background tiles (server settings MAP_TILE_URL, MAP_TILE_ATTRIBUTION…). */
  mapTiles: MapTiles;
};

/** A raster tile layer: a `{z}/{x}/{y}` URL template and the credit to show (text, and a link for it). */
export type MapTiles = { url: string; attribution: string; attributionUrl: string | null };

/** `POST /api/setup`: the administrator's account and the code the server printed at start. */
export const setupSchema = signUpSchema.omit({ next: true }).extend({ code: z.string().trim().min(1).max(100) });

/**
 * What became of an email the person asked for (sign-up, password reset, email change): sent, or,
 * with no SMTP server configured, kept in the administrators' outbox, so no page claims it was sent.
 */
export type MailStatus = { status: "check-your-inbox" } | { status: "no-email-server" };

/** `POST /api/datasets/:id/invitations`: with no email server, the link for the inviter to send. */
export type InvitationCreated = { id: string; email: string; role: Role } & (
  | { emailSent: true }
  | { emailSent: false; link: string }
);
