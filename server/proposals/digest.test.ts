/**
 * Moderators' choice of email about new proposals (P26), against a real server and a real SMTP
 * server on loopback: at once, in a daily digest at DIGEST_HOUR, or none. Time is a clock the test
 * moves (manualClock.ts): the digest is sent when the clock passes the hour, never by waiting.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ProposalMailSettings } from "../../shared/api/notifications.ts";
import { DatasetView } from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { startMailbox } from "../test/mailbox.ts";
import { manualClock } from "../test/manualClock.ts";
import { call, helpPoints } from "../test/proposals.ts";
import {
  connectClient,
  createDatasetViaApi,
  startTestServer,
  type TestServer,
  tempDataDir,
} from "../test/testServer.ts";
import { lastDigestTime, nextDigestTime } from "./digest.ts";

const HOUR = 8;
const ONE_HOUR = 60 * 60 * 1000;

describe("moderators' email about new proposals (P26)", () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function serverAt(dir: string, smtpUrl: string, clock: ReturnType<typeof manualClock>): Promise<TestServer> {
    const server = await startTestServer(
      dir,
      { SMTP_URL: smtpUrl, MAIL_RETRY_BASE_MS: "50", DIGEST_HOUR: String(HOUR) },
      { clock },
    );
    cleanup.push(() => server.close());
    return server;
  }

  /** Help points (rows, columns) and a second dataset of the same owner, "Repair cafés", with one row. */
  async function twoDatasets(server: TestServer) {
    const points = await helpPoints(server);
    cleanup.push(() => points.live.provider.destroy());
    const cafes = await createDatasetViaApi(
      server,
      { title: "Repair cafés", columns: [{ name: "Name" }] },
      { openness: "public-propose", cookie: points.owner.cookie },
    );
    const client = await connectClient(server.wsUrl, cafes.documentName, undefined, { cookie: points.owner.cookie });
    cleanup.push(() => client.provider.destroy());
    const [cafeName] = new DatasetView(client.doc).columns().map((c) => c.id) as [ColumnId];
    return { ...points, cafes, cafeName };
  }

  const changeSet = (server: TestServer, datasetId: string, body: Record<string, unknown>) =>
    call(server, "POST", `/api/datasets/${datasetId}/change-sets`, { body });
  const phone = (rowId: RowId, columnId: ColumnId, value: string) => ({ rowId, columnId, base: "x", value });

  it("send a moderator who chose the digest one email a day at the hour, listing each dataset's new proposals since the last one", async () => {
    const data = tempDataDir();
    const mailbox = await startMailbox();
    cleanup.push(data.remove, mailbox.close);
    const clock = manualClock(nextDigestTime(Date.now(), HOUR) - 5 * ONE_HOUR); // 3 in the morning
    const server = await serverAt(data.dir, mailbox.smtpUrl, clock);
    const { dataset, cafes, cafeName, rows, columns, owner, moderator } = await twoDatasets(server);
    const to = owner.user.email;

    const chosen = await moderator("PUT", "/api/account/proposal-mail", { default: "digest" });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ default: "digest", digestHour: HOUR });

    await changeSet(server, dataset.id, {
      cells: [phone(rows[0], columns.phone, "01 11 11"), phone(rows[1], columns.phone, "02 22 22")],
      nickname: "Léa",
    });
    await changeSet(server, dataset.id, { cells: [phone(rows[2], columns.name, "Gare")] });
    await changeSet(server, cafes.id, { newRows: [{ cells: { [cafeName]: "Café de la gare" } }] });
    // Decided before the digest: not worth a moderator's morning.
    await changeSet(server, dataset.id, { cells: [phone(rows[2], columns.phone, "spam")] });
    expect(
      (await moderator("POST", `/api/datasets/${dataset.id}/proposals/3/decisions`, { all: "reject" })).status,
    ).toBe(200);
    // Mail leaves the queue in order: once this one arrives, a mail queued earlier to the moderator would have.
    await changeSet(server, dataset.id, { cells: [phone(rows[0], columns.open, "false")], email: "sam@example.test" });
    await mailbox.mail("sam@example.test", 1);
    expect(mailbox.count(to)).toBe(0);

    clock.moveTo(nextDigestTime(clock.now(), HOUR));
    const digest = await mailbox.mail(to, 1);
    expect(digest.mail.subject).toBe("4 new proposals to review on Data Patch");
    const text = digest.mail.text ?? "";
    const review = (datasetId: string, n: number) => `${server.url}/datasets/${datasetId}/proposals/${n}`;
    expect(text).toContain(`On the dataset “Help points”:\n- #1 by Léa, 2 changes: ${review(dataset.id, 1)}`);
    expect(text).toContain(`- #2 by Someone, 1 change: ${review(dataset.id, 2)}`);
    expect(text).toContain(`- #4 by Someone, 1 change: ${review(dataset.id, 4)}`);
    expect(text).toContain(`On the dataset “Repair cafés”:\n- #1 by Someone, 1 change: ${review(cafes.id, 1)}`);
    expect(text).not.toContain("#3");
    expect(text).toContain(`${server.url}/account`);
    expect(digest.link).toBe(review(dataset.id, 1));
    expect(digest.mail.html).toContain(`<a href="${review(cafes.id, 1)}">Review</a>`);

    // The next day's digest holds only what came after this one.
    clock.moveTo(clock.now() + ONE_HOUR);
    await changeSet(server, cafes.id, { newRows: [{ cells: { [cafeName]: "Atelier" } }], nickname: "Jo" });
    clock.moveTo(nextDigestTime(clock.now(), HOUR));
    const next = await mailbox.mail(to, 2);
    expect(next.mail.subject).toBe("1 new proposal to review on Data Patch");
    expect(next.mail.text).toContain(`On the dataset “Repair cafés”:\n- #2 by Jo, 1 change: ${review(cafes.id, 2)}`);
    expect(next.mail.text).not.toContain("Help points");
  });

  it("follow each dataset's own choice over the default, in the moderator's language; none means the bell only", async () => {
    const data = tempDataDir();
    const mailbox = await startMailbox();
    cleanup.push(data.remove, mailbox.close);
    const clock = manualClock();
    const server = await serverAt(data.dir, mailbox.smtpUrl, clock);
    const { dataset, cafes, cafeName, rows, columns, owner, moderator } = await twoDatasets(server);
    const to = owner.user.email;

    expect((await moderator("GET", "/api/account/proposal-mail")).body).toEqual({
      default: "immediate",
      datasets: [
        { id: dataset.id, title: "Help points", choice: null },
        { id: cafes.id, title: "Repair cafés", choice: null },
      ],
      digestHour: HOUR,
    } satisfies ProposalMailSettings);
    await moderator("PATCH", "/api/account", { language: "fr" });
    const set = await moderator("PUT", "/api/account/proposal-mail", {
      default: "none",
      datasets: { [cafes.id]: "digest" },
    });
    expect((set.body as unknown as ProposalMailSettings).datasets).toEqual([
      { id: dataset.id, title: "Help points", choice: null },
      { id: cafes.id, title: "Repair cafés", choice: "digest" },
    ]);

    await changeSet(server, dataset.id, { cells: [phone(rows[0], columns.phone, "01")], email: "a@example.test" });
    await changeSet(server, cafes.id, { newRows: [{ cells: { [cafeName]: "Atelier" } }], email: "b@example.test" });
    await mailbox.mail("b@example.test", 1);
    expect(mailbox.count(to)).toBe(0);
    // "No email" still shows the proposal in the app.
    expect((await moderator("GET", "/api/notifications")).body).toMatchObject({ unread: 2 });

    clock.moveTo(nextDigestTime(clock.now(), HOUR));
    const digest = await mailbox.mail(to, 1);
    expect(digest.mail.subject).toBe("1 nouvelle proposition à examiner sur Data Patch");
    expect(digest.mail.text).toContain(
      "Sur le jeu de données « Repair cafés » :\n- N° 1 par Quelqu’un, 1 modification : ",
    );
    expect(digest.mail.text).not.toContain("Help points");

    // Back to the default for the cafés, and at once for help points.
    await moderator("PUT", "/api/account/proposal-mail", { datasets: { [cafes.id]: null, [dataset.id]: "immediate" } });
    await changeSet(server, dataset.id, { cells: [phone(rows[1], columns.phone, "02")], nickname: "Ana" });
    const now = await mailbox.mail(to, 2);
    expect(now.mail.subject).toBe("Nouvelle proposition n° 2 sur « Help points »");
    await changeSet(server, cafes.id, { newRows: [{ cells: { [cafeName]: "Fablab" } }], email: "c@example.test" });
    await mailbox.mail("c@example.test", 1);
    clock.moveTo(nextDigestTime(clock.now(), HOUR));
    await changeSet(server, dataset.id, { cells: [phone(rows[2], columns.phone, "03")], email: "d@example.test" });
    await mailbox.mail("d@example.test", 1);
    expect(mailbox.count(to)).toBe(3); // the third: proposal #3 on help points, at once

    // Waiting for the digest, then switched to no email before the hour: no digest.
    await moderator("PUT", "/api/account/proposal-mail", { datasets: { [cafes.id]: "digest" } });
    await changeSet(server, cafes.id, {
      newRows: [{ cells: { [cafeName]: "Ressourcerie" } }],
      email: "e@example.test",
    });
    await mailbox.mail("e@example.test", 1);
    await moderator("PUT", "/api/account/proposal-mail", { datasets: { [cafes.id]: "none" } });
    clock.moveTo(nextDigestTime(clock.now(), HOUR));
    // Queued after the digest run the clock started: had a digest been queued, it would arrive first.
    await changeSet(server, dataset.id, { cells: [phone(rows[0], columns.name, "Médiathèque")] });
    await mailbox.mail(to, 4);
    expect(mailbox.received.filter((r) => r.to === to).map((r) => r.mail.subject)).toEqual([
      "1 nouvelle proposition à examiner sur Data Patch",
      "Nouvelle proposition n° 2 sur « Help points »",
      "Nouvelle proposition n° 3 sur « Help points »",
      "Nouvelle proposition n° 4 sur « Help points »",
    ]);
  });

  it("refuse choices for datasets the person does not moderate, unknown choices, and strangers", async () => {
    const data = tempDataDir();
    cleanup.push(data.remove);
    const server = await startTestServer(data.dir);
    cleanup.push(() => server.close());
    const mine = await helpPoints(server);
    const theirs = await helpPoints(server);
    cleanup.push(
      () => mine.live.provider.destroy(),
      () => theirs.live.provider.destroy(),
    );

    const refused = await mine.moderator("PUT", "/api/account/proposal-mail", {
      default: "digest",
      datasets: { [theirs.dataset.id]: "none" },
    });
    expect(refused.status).toBe(403);
    // Nothing was written, not even the default.
    expect((await mine.moderator("GET", "/api/account/proposal-mail")).body).toMatchObject({ default: "immediate" });
    expect((await mine.moderator("PUT", "/api/account/proposal-mail", { default: "hourly" })).status).toBe(400);
    expect((await mine.moderator("PUT", "/api/account/proposal-mail", { other: 1 })).status).toBe(400);
    expect((await call(server, "GET", "/api/account/proposal-mail")).status).toBe(401);
    expect((await call(server, "PUT", "/api/account/proposal-mail", { body: { default: "none" } })).status).toBe(401);
  });

  it("send a digest due while the server was down when it starts, once, and lose nothing", async () => {
    const data = tempDataDir();
    const mailbox = await startMailbox();
    cleanup.push(data.remove, mailbox.close);
    const start = nextDigestTime(Date.now(), HOUR) - 2 * ONE_HOUR;
    const first = await serverAt(data.dir, mailbox.smtpUrl, manualClock(start));
    const { dataset, rows, columns, owner, moderator, live } = await helpPoints(first);
    await moderator("PUT", "/api/account/proposal-mail", { default: "digest" });
    await changeSet(first, dataset.id, { cells: [phone(rows[0], columns.phone, "01 23 45")], nickname: "Léa" });
    live.provider.destroy();
    await first.close();

    // Down at the hour; back two hours later.
    const later = lastDigestTime(start, HOUR) + 24 * ONE_HOUR + 2 * ONE_HOUR;
    const second = await serverAt(data.dir, mailbox.smtpUrl, manualClock(later));
    const digest = await mailbox.mail(owner.user.email, 1);
    expect(digest.mail.subject).toBe("1 new proposal to review on Data Patch");
    expect(digest.mail.text).toContain("- #1 by Léa, 1 change");
    await second.close();

    // Started again the same day: the digest was sent, it is not sent again.
    const third = await serverAt(data.dir, mailbox.smtpUrl, manualClock(later + ONE_HOUR));
    await changeSet(third, dataset.id, { cells: [phone(rows[1], columns.phone, "02")], email: "sam@example.test" });
    await mailbox.mail("sam@example.test", 1);
    expect(mailbox.count(owner.user.email)).toBe(1);
  });
});
