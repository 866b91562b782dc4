/**
 * The email loop of proposals against a real SMTP server on loopback (P22): moderators hear of a
 * new proposal, a contributor who left an address is thanked and told the decision in their
 * language; mail waits in a durable queue, so a dead SMTP server fails no click and a restart loses
 * nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { deadSmtpUrl, startMailbox } from "../test/mailbox.ts";
import { call, helpPoints } from "../test/proposals.ts";
import { startTestServer, type TestServer, tempDataDir } from "../test/testServer.ts";

describe("proposal emails", () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function serverWith(dir: string, smtpUrl: string): Promise<TestServer> {
    const server = await startTestServer(dir, { SMTP_URL: smtpUrl, MAIL_RETRY_BASE_MS: "50" });
    return server;
  }

  it("tell the moderators of a new proposal, and thank the contributor in their language, then the decision", async () => {
    const data = tempDataDir();
    const mailbox = await startMailbox();
    const server = await serverWith(data.dir, mailbox.smtpUrl);
    cleanup.push(data.remove, mailbox.close, () => server.close());
    const { dataset, live, rows, columns, owner, moderator } = await helpPoints(server);
    cleanup.push(() => live.provider.destroy());

    const sent = await call(server, "POST", `/api/datasets/${dataset.id}/change-sets`, {
      body: {
        cells: [{ rowId: rows[0], columnId: columns.phone, base: "01 00 00", value: "01 23 45" }],
        nickname: "Léa",
        email: "lea@example.test",
        language: "fr",
      },
    });
    expect(sent.status).toBe(201);

    const toModerator = await mailbox.mail(owner.user.email, 1);
    expect(toModerator.mail.subject).toBe("New proposal #1 on “Help points”");
    expect(toModerator.mail.text).toContain("Léa proposed changes");
    expect(toModerator.link).toMatch(new RegExp(`/datasets/${dataset.id}/proposals/1$`));

    const received = await mailbox.mail("lea@example.test", 1);
    expect(received.mail.subject).toBe("Votre suggestion n° 1 sur « Help points » a bien été reçue");

    const decided = await moderator("POST", `/api/datasets/${dataset.id}/proposals/1/decisions`, {
      all: "accept",
      message: "Merci, c’est corrigé.",
    });
    expect(decided.status).toBe(200);
    const outcome = await mailbox.mail("lea@example.test", 2);
    expect(outcome.mail.subject).toBe("Votre suggestion n° 1 sur « Help points » a été acceptée");
    expect(outcome.mail.text).toContain("Le message des modérateurs : Merci, c’est corrigé.");
    expect(outcome.mail.html).toContain("Merci, c’est corrigé.");
    // Nobody else was written to: the address is used for the decision only.
    expect(mailbox.received.map((r) => r.to).sort()).toEqual(
      [owner.user.email, "lea@example.test", "lea@example.test"].sort(),
    );
  });

  it("keep mail through a dead SMTP server and a restart, and send it once the server is back", async () => {
    const data = tempDataDir();
    cleanup.push(data.remove);
    const first = await serverWith(data.dir, await deadSmtpUrl());
    const { dataset, live, rows, columns } = await helpPoints(first);
    const sent = await call(first, "POST", `/api/datasets/${dataset.id}/change-sets`, {
      body: {
        cells: [{ rowId: rows[1], columnId: columns.phone, base: "02 00 00", value: "02 99 99" }],
        email: "sam@example.test",
      },
    });
    // The click does not wait for, or fail with, the SMTP server.
    expect(sent.status).toBe(201);
    live.provider.destroy();
    await first.close();

    const mailbox = await startMailbox();
    cleanup.push(mailbox.close);
    const second = await serverWith(data.dir, mailbox.smtpUrl);
    cleanup.push(() => second.close());
    const received = await mailbox.mail("sam@example.test", 1, 20_000);
    expect(received.mail.subject).toBe("Your suggestion #1 on “Help points” was received");
    // Sent once: a delivered mail leaves the queue.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailbox.count("sam@example.test")).toBe(1);
  });
});
