import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAdmin } from "../../scripts/admin.ts";
import { consumeToken, issueToken } from "../auth/oneTimeTokens.ts";
import { openSqliteStorage } from "../storage/sqlite.ts";
import { browserLikeClient, startMailbox } from "../test/mailbox.ts";
import { startTestServer, type TestServer, tempDataDir } from "../test/testServer.ts";

type Mailbox = Awaited<ReturnType<typeof startMailbox>>;

const tokenOf = (link: string | null) => new URL(link ?? "http://x").searchParams.get("token") ?? "";

describe("accounts, through the HTTP API and a real SMTP server", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let mailbox: Mailbox;

  beforeAll(async () => {
    data = tempDataDir();
    mailbox = await startMailbox();
    server = await startTestServer(data.dir, { SMTP_URL: mailbox.smtpUrl, AUTH_ATTEMPTS_PER_MINUTE: "1000" });
  });
  afterAll(async () => {
    await server.close();
    await mailbox.close();
    data.remove();
  });

  async function signUpAndVerify(email: string, password = "correct horse battery") {
    const client = browserLikeClient(server.url);
    const signUp = await client.request("/api/auth/sign-up", {
      method: "POST",
      body: { email, password, name: "Alice", language: "fr" },
    });
    expect(signUp.status).toBe(202);
    const { mail, link } = await mailbox.mail(email, mailbox.count(email) || 1);
    expect(mail.subject).toContain("Confirmez");
    expect(link?.startsWith(`${server.url}/verify-email?token=`)).toBe(true);
    expect(
      (await client.request("/api/auth/verify-email", { method: "POST", body: { token: tokenOf(link) } })).status,
    ).toBe(200);
    return client;
  }

  it("signs up, refuses sign-in until the emailed link is confirmed by POST, then signs in and out", async () => {
    const client = browserLikeClient(server.url);
    const email = "alice@example.test";
    await client.request("/api/auth/sign-up", {
      method: "POST",
      body: { email, password: "correct horse battery", name: "Alice", language: "fr" },
    });
    const { mail, link } = await mailbox.mail(email, 1);
    expect(mail.text).toContain("Bonjour Alice");
    expect(mail.html).toContain("Confirmer mon adresse");
    const early = await client.request("/api/auth/sign-in", {
      method: "POST",
      body: { email, password: "correct horse battery" },
    });
    expect(early).toMatchObject({ status: 403, body: { error: "email-not-verified" } });

    // Following the link with GET (as a mail scanner would) changes nothing; the page's POST does.
    expect((await fetch(link as string)).status).not.toBe(500);
    expect(
      (await client.request("/api/auth/verify-email", { method: "POST", body: { token: tokenOf(link) } })).status,
    ).toBe(200);
    const reused = await client.request("/api/auth/verify-email", { method: "POST", body: { token: tokenOf(link) } });
    expect(reused).toMatchObject({ status: 400, body: { error: "invalid-or-expired-link" } });

    expect(
      (await client.request("/api/auth/sign-in", { method: "POST", body: { email, password: "wrong password!" } }))
        .status,
    ).toBe(401);
    const signIn = await client.request("/api/auth/sign-in", {
      method: "POST",
      body: { email: "ALICE@example.test", password: "correct horse battery" },
    });
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get("set-cookie")).toMatch(/dp_session=.*HttpOnly.*SameSite=Lax/i);
    const account = await client.request("/api/account");
    // Arriving first makes nobody an administrator (that takes the setup code: setup.test.ts).
    expect(account.body).toMatchObject({ user: { email, name: "Alice", language: "fr", isAdmin: false } });

    expect((await client.request("/api/auth/sign-out", { method: "POST" })).status).toBe(204);
    expect((await client.request("/api/account")).status).toBe(401);
  });

  it("brings a new person back where they were (an invitation) after confirming, and only within the site", async () => {
    const client = browserLikeClient(server.url);
    const body = { email: "invited@example.test", password: "correct horse battery", name: "Invited" };
    const offSite = await client.request("/api/auth/sign-up", {
      method: "POST",
      body: { ...body, next: "//evil.example/x" },
    });
    expect(offSite.status).toBe(400);
    await client.request("/api/auth/sign-up", { method: "POST", body: { ...body, next: "/invitation?token=abc.def" } });
    const { link } = await mailbox.mail("invited@example.test", 1);
    expect(new URL(link as string).searchParams.get("next")).toBe("/invitation?token=abc.def");
  });

  it("answers a sign-up for a taken address like any other, and warns the owner by mail", async () => {
    await signUpAndVerify("bob@example.test");
    const again = await browserLikeClient(server.url).request("/api/auth/sign-up", {
      method: "POST",
      body: { email: "bob@example.test", password: "another password", name: "Mallory" },
    });
    expect(again).toMatchObject({ status: 202, body: { status: "check-your-inbox" } });
    const { mail } = await mailbox.mail("bob@example.test", 2);
    expect(mail.subject).toContain("Quelqu’un a tenté");
  });

  it("resets a password by emailed token: single use, signs out every session", async () => {
    const email = "carol@example.test";
    const first = await signUpAndVerify(email, "old password 123");
    await first.request("/api/auth/sign-in", { method: "POST", body: { email, password: "old password 123" } });
    expect((await first.request("/api/account")).status).toBe(200);

    const anonymous = browserLikeClient(server.url);
    const unknown = await anonymous.request("/api/auth/password-reset/request", {
      method: "POST",
      body: { email: "nobody@example.test" },
    });
    const known = await anonymous.request("/api/auth/password-reset/request", { method: "POST", body: { email } });
    expect(unknown.body).toEqual(known.body);
    const { link } = await mailbox.mail(email, 2);
    expect(link?.startsWith(`${server.url}/reset-password?token=`)).toBe(true);

    const reset = await anonymous.request("/api/auth/password-reset", {
      method: "POST",
      body: { token: tokenOf(link), password: "new password 456" },
    });
    expect(reset.status).toBe(200);
    expect((await mailbox.mail(email, 3)).mail.subject).toContain("modifié");
    const spent = await anonymous.request("/api/auth/password-reset", {
      method: "POST",
      body: { token: tokenOf(link), password: "third password 789" },
    });
    expect(spent.status).toBe(400);

    expect((await first.request("/api/account")).status).toBe(401); // the old session is gone
    expect(
      (await anonymous.request("/api/auth/sign-in", { method: "POST", body: { email, password: "old password 123" } }))
        .status,
    ).toBe(401);
    expect(
      (await anonymous.request("/api/auth/sign-in", { method: "POST", body: { email, password: "new password 456" } }))
        .status,
    ).toBe(200);
  });

  it("refuses an expired token and spends a token even on a failed attempt", async () => {
    const storage = openSqliteStorage(`${data.dir}/data-patch.sqlite`);
    const user = await storage.users.byEmail("carol@example.test");
    if (!user) throw new Error("no user");
    const expired = await issueToken(storage, "reset-password", user, user.email, Date.now() - 31 * 60_000);
    const client = browserLikeClient(server.url);
    expect(
      (
        await client.request("/api/auth/password-reset", {
          method: "POST",
          body: { token: expired, password: "whatever 12345" },
        })
      ).status,
    ).toBe(400);
    const fresh = await issueToken(storage, "reset-password", user, user.email);
    const [id] = fresh.split(".");
    expect(await consumeToken(storage, `${id}.wrongsecret`, "reset-password")).toBeNull();
    expect(await consumeToken(storage, fresh, "reset-password")).toBeNull();
    storage.close();
  });

  it("issues a fresh session at sign-in, whatever cookie the browser already had (no fixation)", async () => {
    const email = "dave@example.test";
    const client = await signUpAndVerify(email);
    client.jar.set("dp_session", "planted.byattacker");
    await client.request("/api/auth/sign-in", { method: "POST", body: { email, password: "correct horse battery" } });
    const first = client.jar.get("dp_session");
    expect(first).not.toBe("planted.byattacker");
    await client.request("/api/auth/sign-in", { method: "POST", body: { email, password: "correct horse battery" } });
    expect(client.jar.get("dp_session")).not.toBe(first);
    const sessions = (await client.request("/api/account")).body?.sessions as unknown[];
    expect(sessions).toHaveLength(1); // the session the second sign-in replaced was deleted
  });

  it("refuses cross-site state changes", async () => {
    const cross = await fetch(`${server.url}/api/auth/sign-out`, {
      method: "POST",
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(cross.status).toBe(403);
    const foreign = await fetch(`${server.url}/api/datasets`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ title: "x" }),
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: "cross-site-request" });
    const noHeaders = await fetch(`${server.url}/api/auth/sign-out`, { method: "POST" });
    expect(noHeaders.status).toBe(403);
  });

  it("changes password (other sessions end) and email (after the new address confirms), and deletes the account", async () => {
    const email = "erin@example.test";
    const laptop = await signUpAndVerify(email, "erin password 1");
    await laptop.request("/api/auth/sign-in", { method: "POST", body: { email, password: "erin password 1" } });
    const phone = browserLikeClient(server.url);
    await phone.request("/api/auth/sign-in", { method: "POST", body: { email, password: "erin password 1" } });

    const wrong = await laptop.request("/api/account/password", {
      method: "POST",
      body: { currentPassword: "nope", newPassword: "erin password 2" },
    });
    expect(wrong.status).toBe(403);
    await laptop.request("/api/account/password", {
      method: "POST",
      body: { currentPassword: "erin password 1", newPassword: "erin password 2" },
    });
    expect((await laptop.request("/api/account")).status).toBe(200);
    expect((await phone.request("/api/account")).status).toBe(401);

    const change = await laptop.request("/api/account/email", {
      method: "POST",
      body: { newEmail: "erin@new.test", password: "erin password 2" },
    });
    expect(change.status).toBe(202);
    const { link } = await mailbox.mail("erin@new.test", 1);
    expect((await laptop.request("/api/account")).body).toMatchObject({ user: { email } });
    await laptop.request("/api/auth/confirm-email", { method: "POST", body: { token: tokenOf(link) } });
    expect((await laptop.request("/api/account")).body).toMatchObject({ user: { email: "erin@new.test" } });

    expect((await laptop.request("/api/account", { method: "DELETE", body: { password: "bad" } })).status).toBe(403);
    expect(
      (await laptop.request("/api/account", { method: "DELETE", body: { password: "erin password 2" } })).status,
    ).toBe(204);
    expect(
      (
        await laptop.request("/api/auth/sign-in", {
          method: "POST",
          body: { email: "erin@new.test", password: "erin password 2" },
        })
      ).status,
    ).toBe(401);
  });
});

describe("limits and the outbox", () => {
  it("limits sign-in attempts, and keeps mail in an outbox only administrators can read", async () => {
    const data = tempDataDir();
    const server = await startTestServer(data.dir, { AUTH_ATTEMPTS_PER_MINUTE: "5" });
    try {
      const admin = browserLikeClient(server.url);
      await admin.request("/api/auth/sign-up", {
        method: "POST",
        body: { email: "root@example.test", password: "admin password", name: "Root" },
      });
      await runAdmin(["promote", "root@example.test"], { DATA_DIR: data.dir });
      const storage = openSqliteStorage(`${data.dir}/data-patch.sqlite`);
      const [mail] = await storage.outbox.list(10);
      storage.close();
      expect(mail?.recipient).toBe("root@example.test");
      const token = new URL(/https?:\/\/\S+/.exec(mail?.text ?? "")?.[0] ?? "http://x").searchParams.get("token");
      await admin.request("/api/auth/verify-email", { method: "POST", body: { token } });
      await admin.request("/api/auth/sign-in", {
        method: "POST",
        body: { email: "root@example.test", password: "admin password" },
      });
      const outbox = await admin.request("/api/admin/outbox");
      expect(outbox.status).toBe(200);
      const mails = (outbox.body?.mails ?? []) as { recipient: string }[];
      expect(mails.map((m) => m.recipient)).toContain("root@example.test");
      expect((await browserLikeClient(server.url).request("/api/admin/outbox")).status).toBe(401);
      const users = await admin.request("/api/admin/users");
      expect(users.body?.users).toMatchObject([{ email: "root@example.test", isAdmin: true, emailVerified: true }]);

      const attacker = browserLikeClient(server.url);
      const statuses: number[] = [];
      // 5 auth requests per minute from one address; sign-up, verification and sign-in above used 3.
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (
            await attacker.request("/api/auth/sign-in", {
              method: "POST",
              body: { email: "root@example.test", password: `guess ${i}` },
            })
          ).status,
        );
      }
      expect(statuses).toEqual([401, 401, 429, 429]);
      const limited = await attacker.request("/api/auth/sign-in", {
        method: "POST",
        body: { email: "root@example.test", password: "admin password" },
      });
      expect(limited).toMatchObject({ status: 429, body: { error: "too-many-attempts" } });
      expect(limited.headers.get("retry-after")).toBeTruthy();
    } finally {
      await server.close();
      data.remove();
    }
  });
});
