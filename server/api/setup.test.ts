/**
 * The first administrator: the setup code printed in the server's log at each start while no
 * administrator exists, and what the instance says about email when no SMTP server is configured.
 * Real servers on port 0 with fresh SQLite files; the code is read from the server's own log lines.
 */
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStorage } from "../storage/sqlite.ts";
import { browserLikeClient, startMailbox } from "../test/mailbox.ts";
import { serverLog } from "../test/serverLog.ts";
import { createUserSession, startTestServer, type TestServer, tempDataDir } from "../test/testServer.ts";

const ADMIN = { name: "Ada Admin", email: "ada@example.test", password: "a long admin password", language: "en" };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(dir: string, env: Record<string, string> = {}) {
  const log = serverLog();
  const server: TestServer = await startTestServer(
    dir,
    { LOG_LEVEL: "warn", AUTH_ATTEMPTS_PER_MINUTE: "1000", ...env },
    { logStream: log.stream },
  );
  cleanups.push(() => server.close());
  return { server, log, client: () => browserLikeClient(server.url) };
}

function freshDir() {
  const data = tempDataDir();
  cleanups.push(data.remove);
  return data.dir;
}

describe("first-run setup", () => {
  it("makes the administrator with the code from the log, once, with no email; a stranger's sign-up is no administrator", async () => {
    const { server, log, client } = await start(freshDir());
    expect((await client().request("/api/instance")).body).toEqual({
      needsSetup: true,
      emailConfigured: false,
      syncWatchdogMs: 15_000,
      // The maps' tiles by default: OpenStreetMap's, with the credit it asks for.
      mapTiles: {
        url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        attribution: "© OpenStreetMap contributors",
        attributionUrl: "https://www.openstreetmap.org/copyright",
      },
    });
    const code = log.setupCode();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(log.lines().find((l) => l.setupCode)?.setupUrl).toBe(`${server.url}/setup`);

    // A stranger who arrives first signs up: an ordinary account, honest about the missing mail server.
    const stranger = client();
    const signUp = await stranger.request("/api/auth/sign-up", {
      method: "POST",
      body: { email: "first@example.test", password: "stranger password", name: "First" },
    });
    expect(signUp).toMatchObject({ status: 202, body: { status: "no-email-server" } });
    const refused = await stranger.request("/api/auth/sign-in", {
      method: "POST",
      body: { email: "first@example.test", password: "stranger password" },
    });
    expect(refused).toMatchObject({ status: 403, body: { error: "email-not-verified" } });
    expect(String(refused.body?.message)).toContain("no email server is configured");
    // …and cannot claim the instance without the code, whatever it guesses.
    for (const guess of ["", "AAAAA-AAAAA-AAAAA", code.slice(0, -1), `${code}2`]) {
      const claim = await stranger.request("/api/setup", { method: "POST", body: { ...ADMIN, code: guess } });
      expect(claim.status, guess).toBe(guess ? 403 : 400);
      if (guess) expect(claim.body?.error).toBe("wrong-setup-code");
    }

    // The person who runs the server types it (any case, without dashes): signed in as administrator.
    const admin = client();
    const typed = code.toLowerCase().replaceAll("-", " ");
    const claimed = await admin.request("/api/setup", { method: "POST", body: { ...ADMIN, code: typed } });
    expect(claimed).toMatchObject({ status: 201, body: { user: { email: ADMIN.email, isAdmin: true } } });
    expect((await admin.request("/api/account")).body).toMatchObject({ user: { isAdmin: true } });
    const users = (await admin.request("/api/admin/users")).body?.users as { id: string; email: string }[];
    expect(users).toMatchObject([
      { email: "first@example.test", isAdmin: false, emailVerified: false },
      { email: ADMIN.email, isAdmin: true, emailVerified: true },
    ]);
    const outbox = (await admin.request("/api/admin/outbox")).body?.mails as { recipient: string }[];
    expect(outbox.map((m) => m.recipient)).toEqual(["first@example.test"]); // nothing was mailed to Ada

    // Spent: neither the same code nor a second claim works; the instance no longer asks.
    const again = await client().request("/api/setup", {
      method: "POST",
      body: { ...ADMIN, email: "eve@example.test", code },
    });
    expect(again).toMatchObject({ status: 409, body: { error: "already-set-up" } });
    expect((await client().request("/api/instance")).body).toMatchObject({ needsSetup: false });
    // Logged in one line at the start, never again (not with the wrong guesses, not when used).
    expect(
      log
        .text()
        .split("\n")
        .filter((line) => line.includes(code)),
    ).toHaveLength(1);

    // The administrator confirms the stranger's account by hand; only an administrator may.
    const firstId = users[0]?.id ?? "";
    expect((await stranger.request(`/api/admin/users/${firstId}/verify`, { method: "POST" })).status).toBe(401);
    expect((await admin.request("/api/admin/users/nobody/verify", { method: "POST" })).status).toBe(404);
    const verified = await admin.request(`/api/admin/users/${firstId}/verify`, { method: "POST" });
    expect(verified).toMatchObject({ status: 200, body: { email: "first@example.test", emailVerified: true } });
    const signedIn = await stranger.request("/api/auth/sign-in", {
      method: "POST",
      body: { email: "first@example.test", password: "stranger password" },
    });
    expect(signedIn).toMatchObject({ status: 200, body: { user: { isAdmin: false } } });
    expect((await stranger.request(`/api/admin/users/${firstId}/verify`, { method: "POST" })).status).toBe(403);
  });

  it("draws a fresh code at each start while no administrator exists, and none once one does", async () => {
    const dir = freshDir();
    const first = await start(dir);
    const oldCode = first.log.setupCode();
    await first.server.close();
    const second = await start(dir);
    const newCode = second.log.setupCode();
    expect(newCode).not.toBe(oldCode);
    const stale = await second.client().request("/api/setup", { method: "POST", body: { ...ADMIN, code: oldCode } });
    expect(stale).toMatchObject({ status: 403, body: { error: "wrong-setup-code" } });
    expect(
      (await second.client().request("/api/setup", { method: "POST", body: { ...ADMIN, code: newCode } })).status,
    ).toBe(201);
    await second.server.close();

    const third = await start(dir);
    expect(third.log.text()).not.toContain("setup code");
    expect((await third.client().request("/api/instance")).body).toMatchObject({ needsSetup: false });
  });

  it("keeps the code when the address is taken, and closes when an administrator is made from the command line", async () => {
    const dir = freshDir();
    const { log, client } = await start(dir);
    await client().request("/api/auth/sign-up", {
      method: "POST",
      body: { email: ADMIN.email, password: "someone else's password", name: "Not Ada" },
    });
    const code = log.setupCode();
    const taken = await client().request("/api/setup", { method: "POST", body: { ...ADMIN, code } });
    expect(taken).toMatchObject({ status: 409, body: { error: "email-taken" } });
    expect((await client().request("/api/instance")).body).toMatchObject({ needsSetup: true });

    // Meanwhile the person who runs it made an administrator another way (npm run admin): closed.
    const storage = openSqliteStorage(`${dir}/data-patch.sqlite`);
    const user = await storage.users.byEmail(ADMIN.email);
    await storage.users.update(user?.id ?? "", { isAdmin: true });
    storage.close();
    expect((await client().request("/api/instance")).body).toMatchObject({ needsSetup: false });
    const late = await client().request("/api/setup", {
      method: "POST",
      body: { ...ADMIN, email: "other@example.test", code },
    });
    expect(late).toMatchObject({ status: 409, body: { error: "already-set-up" } });
  });

  it("limits setup attempts per address, even once the right code comes", async () => {
    const { log, client } = await start(freshDir(), { AUTH_ATTEMPTS_PER_MINUTE: "3" });
    const guesser = client();
    const statuses: number[] = [];
    for (const code of ["WRONG-1", "WRONG-2", "WRONG-3", log.setupCode()]) {
      statuses.push((await guesser.request("/api/setup", { method: "POST", body: { ...ADMIN, code } })).status);
    }
    expect(statuses).toEqual([403, 403, 403, 429]);
    // The page that asks whether setup is needed is not limited with it.
    for (let i = 0; i < 5; i++) expect((await guesser.request("/api/instance")).status).toBe(200);
  });

  it("without an SMTP server, no answer claims an email was sent: reset, email change, invitation", async () => {
    const dir = freshDir();
    const { log, client } = await start(dir);
    const admin = client();
    await admin.request("/api/setup", { method: "POST", body: { ...ADMIN, code: log.setupCode() } });
    const reset = await client().request("/api/auth/password-reset/request", {
      method: "POST",
      body: { email: ADMIN.email },
    });
    expect(reset).toMatchObject({ status: 202, body: { status: "no-email-server" } });
    const change = await admin.request("/api/account/email", {
      method: "POST",
      body: { newEmail: "ada@new.example.test", password: ADMIN.password },
    });
    expect(change).toMatchObject({ status: 202, body: { status: "no-email-server" } });
    const outbox = (await admin.request("/api/admin/outbox")).body?.mails as { recipient: string; text: string }[];
    expect(outbox.map((m) => m.recipient)).toEqual(["ada@new.example.test", ADMIN.email]);
    expect(outbox[0]?.text).toContain("/confirm-email?token=");

    // An invitation: the inviter gets the link to send themselves, the one in the outbox, and it works.
    const created = await admin.request("/api/datasets", { method: "POST", body: { title: "Help points" } });
    const invited = await admin.request(`/api/datasets/${created.body?.id}/invitations`, {
      method: "POST",
      body: { email: "guest@example.test", role: "editor" },
    });
    expect(invited).toMatchObject({ status: 201, body: { emailSent: false } });
    const link = String(invited.body?.link);
    const mails = (await admin.request("/api/admin/outbox")).body?.mails as { recipient: string; text: string }[];
    const mail = mails[0];
    expect(mail?.recipient).toBe("guest@example.test");
    expect(mail?.text).toContain(link);
    const guest = await createUserSession(dir, "guest@example.test");
    const guestApi = client();
    guestApi.jar.set("dp_session", guest.cookie.split("=")[1] ?? "");
    const token = new URL(link).searchParams.get("token");
    const accepted = await guestApi.request("/api/invitations/accept", { method: "POST", body: { token } });
    expect(accepted).toMatchObject({ status: 200, body: { title: "Help points", role: "editor" } });
  });

  it("tells pages how long to wait for a stuck sync (SYNC_WATCHDOG_MS), and refuses a bound under a second", async () => {
    const { client } = await start(freshDir(), { SYNC_WATCHDOG_MS: "4000" });
    expect((await client().request("/api/instance")).body).toMatchObject({ syncWatchdogMs: 4000 });
    await expect(start(freshDir(), { SYNC_WATCHDOG_MS: "10" })).rejects.toThrow(/SYNC_WATCHDOG_MS/);
  });

  it("with an SMTP server: says emails are sent, and the administrator still needs no confirmation", async () => {
    const mailbox = await startMailbox();
    cleanups.push(mailbox.close);
    const { log, client } = await start(freshDir(), { SMTP_URL: mailbox.smtpUrl });
    expect((await client().request("/api/instance")).body).toMatchObject({ needsSetup: true, emailConfigured: true });
    const admin = client();
    expect(
      (await admin.request("/api/setup", { method: "POST", body: { ...ADMIN, code: log.setupCode() } })).status,
    ).toBe(201);
    expect((await admin.request("/api/account")).status).toBe(200);
    const signUp = await client().request("/api/auth/sign-up", {
      method: "POST",
      body: { email: "later@example.test", password: "later password", name: "Later" },
    });
    expect(signUp).toMatchObject({ status: 202, body: { status: "check-your-inbox" } });
    await mailbox.mail("later@example.test", 1); // later accounts confirm by email, as before
    expect(mailbox.count(ADMIN.email)).toBe(0);
  });
});
