/**
 * Account emails (sign-up confirmation, password reset, invitations) go through the durable mail
 * queue: with the SMTP server down, those requests still answer as usual, and the mail, kept across
 * a restart, arrives once the server is back, its links working. Against real SMTP servers on loopback.
 */
import { afterEach, describe, expect, it } from "vitest";
import { browserLikeClient, deadSmtpUrl, startMailbox } from "../test/mailbox.ts";
import {
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestServer,
  tempDataDir,
} from "../test/testServer.ts";

const tokenOf = (link: string | null) => new URL(link ?? "http://x").searchParams.get("token") ?? "";

describe("account emails through the mail queue", () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  const serverWith = (dir: string, smtpUrl: string): Promise<TestServer> =>
    startTestServer(dir, { SMTP_URL: smtpUrl, MAIL_RETRY_BASE_MS: "50", AUTH_ATTEMPTS_PER_MINUTE: "1000" });

  it("answer sign-up, password reset and invitations with the SMTP server down, and send their mail once it is back", async () => {
    const data = tempDataDir();
    cleanup.push(data.remove);
    const first = await serverWith(data.dir, await deadSmtpUrl());
    const anonymous = browserLikeClient(first.url);

    const signUp = await anonymous.request("/api/auth/sign-up", {
      method: "POST",
      body: { email: "ana@example.test", password: "correct horse battery", name: "Ana", language: "es" },
    });
    expect(signUp).toMatchObject({ status: 202, body: { status: "check-your-inbox" } });

    const bob = await createUserSession(data.dir, "bob@example.test");
    const reset = await anonymous.request("/api/auth/password-reset/request", {
      method: "POST",
      body: { email: "bob@example.test" },
    });
    expect(reset.status).toBe(202);

    const dataset = await createDatasetViaApi(
      first,
      { title: "Repair cafés", columns: [{ name: "Name" }] },
      { openness: "private", cookie: bob.cookie },
    );
    const owner = browserLikeClient(first.url);
    owner.jar.set("dp_session", bob.cookie.split("=")[1] ?? "");
    const invited = await owner.request(`/api/datasets/${dataset.id}/invitations`, {
      method: "POST",
      body: { email: "guest@example.test", role: "editor" },
    });
    expect(invited).toMatchObject({ status: 201, body: { emailSent: true } });
    await first.close();

    const mailbox = await startMailbox();
    cleanup.push(mailbox.close);
    const second = await serverWith(data.dir, mailbox.smtpUrl);
    cleanup.push(() => second.close());
    const client = browserLikeClient(second.url);

    const confirmation = await mailbox.mail("ana@example.test", 1, 20_000);
    expect(confirmation.mail.subject).toBe("Confirme su dirección de correo para Data Patch");
    expect(
      (await client.request("/api/auth/verify-email", { method: "POST", body: { token: tokenOf(confirmation.link) } }))
        .status,
    ).toBe(200);

    const resetMail = await mailbox.mail("bob@example.test", 1, 20_000);
    // Links were written when the mail was queued, with the address of the time (PUBLIC_URL in production).
    expect(resetMail.link?.startsWith(`${first.url}/reset-password?token=`)).toBe(true);
    expect(
      (
        await client.request("/api/auth/password-reset", {
          method: "POST",
          body: { token: tokenOf(resetMail.link), password: "new password 456" },
        })
      ).status,
    ).toBe(200);

    const invitation = await mailbox.mail("guest@example.test", 1, 20_000);
    expect(invitation.link?.startsWith(`${first.url}/invitation?token=`)).toBe(true);
  });
});
