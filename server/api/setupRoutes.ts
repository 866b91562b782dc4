/**
 * The first-run setup: `GET /api/instance` tells every page whether the instance still needs its
 * administrator, whether emails can leave, how long pages wait for a stuck sync and which map tiles
 * to draw; `POST /api/setup` makes that administrator with the
 * setup code the server printed (server/auth/firstRunSetup.ts), signed in at once, no email needed.
 */
import { randomUUID } from "node:crypto";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import { instanceApi, type MapTiles } from "../../shared/api/instance.ts";
import type { FirstRunSetup } from "../auth/firstRunSetup.ts";
import { hashPassword } from "../auth/passwords.ts";
import { createSession } from "../auth/sessions.ts";
import type { Mailer } from "../email/mailer.ts";
import type { Storage } from "../storage/types.ts";
import { addressLimitKey } from "./addressLimitKey.ts";
import { publicUser } from "./authRoutes.ts";
import { HttpError } from "./errors.ts";
import { serve } from "./serve.ts";
import { type SessionCookie, setSessionCookie } from "./session.ts";

type Options = {
  storage: Storage;
  mailer: Mailer;
  setup: FirstRunSetup;
  cookie: SessionCookie;
  attemptsPerMinute: number;
  /** Served to pages: the sync watchdog's bound (`SYNC_WATCHDOG_MS`). */
  syncWatchdogMs: number;
  mapTiles: MapTiles;
};

export function setupRoutes({ storage, mailer, setup, cookie, attemptsPerMinute, syncWatchdogMs, mapTiles }: Options) {
  return async (app: FastifyInstance) => {
    await app.register(rateLimit, {
      global: false,
      keyGenerator: addressLimitKey("setup"),
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        error: "too-many-attempts",
        message: `Too many attempts. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
      }),
    });

    serve(app, instanceApi.info, async () => ({
      needsSetup: await setup.isOpen(),
      emailConfigured: mailer.configured,
      syncWatchdogMs,
      mapTiles,
    }));

    serve(
      app,
      instanceApi.setup,
      async ({ body: input }, request, reply) => {
        if (await storage.users.hasAdmin()) throw alreadySetUp();
        const claim = setup.take(input.code);
        if (!claim) {
          request.log.warn("first-run setup refused: wrong setup code");
          throw new HttpError(403, "wrong-setup-code", "This is not the setup code the server printed at its start.");
        }
        let user: Awaited<ReturnType<Storage["users"]["create"]>>;
        try {
          user = await storage.users.create({
            id: randomUUID(),
            email: input.email,
            emailVerified: true, // the code proves more than an email would: no confirmation
            passwordHash: await hashPassword(input.password),
            name: input.name,
            language: input.language,
            isAdmin: true,
            createdAt: new Date().toISOString(),
          });
        } catch (error) {
          claim.giveBack();
          throw error;
        }
        if (!user) {
          claim.giveBack();
          throw new HttpError(409, "email-taken", "Another account already uses this address.");
        }
        request.log.info({ userId: user.id }, "first administrator created with the setup code");
        setSessionCookie(reply, cookie, await createSession(storage, user.id));
        return { user: publicUser(user) };
      },
      { config: { rateLimit: { max: attemptsPerMinute, timeWindow: 60_000 } } },
    );
  };
}

const alreadySetUp = () =>
  new HttpError(409, "already-set-up", "This Data Patch already has an administrator: sign in instead.");
