import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStorage } from "../storage/sqlite.ts";
import type { Storage } from "../storage/types.ts";
import { tempDataDir } from "../test/testServer.ts";
import { accountForProfile } from "./oauthAccounts.ts";
import { createSession } from "./sessions.ts";

describe("which account a provider sign-in opens", () => {
  let data: ReturnType<typeof tempDataDir>;
  let storage: Storage;
  beforeEach(() => {
    data = tempDataDir();
    storage = openSqliteStorage(`${data.dir}/test.sqlite`);
  });
  afterEach(async () => {
    await storage.close();
    data.remove();
  });

  const newUser = (email: string, emailVerified: boolean) =>
    storage.users.create({
      id: email,
      email,
      emailVerified,
      passwordHash: "$argon2id$set-by-whoever-signed-up",
      name: "Someone",
      language: "en",
      createdAt: new Date().toISOString(),
    });

  it("takes an unverified local account over only by proving the address, dropping its password and sessions", async () => {
    // Someone signed up with the owner's address and never verified it (account pre-hijacking).
    const squatted = await newUser("owner@example.test", false);
    await createSession(storage, "owner@example.test");
    const result = await accountForProfile(
      storage,
      "github",
      { subject: "1", email: "Owner@example.test", emailVerified: true, name: "Owner" },
      "fr",
    );
    expect(result).toEqual({ userId: squatted?.id, created: false, linked: true });
    const user = await storage.users.byId("owner@example.test");
    expect(user).toMatchObject({ emailVerified: true, passwordHash: null });
    expect(await storage.sessions.listForUser("owner@example.test")).toEqual([]);
  });

  it("keeps a verified account's password when linking", async () => {
    await newUser("kept@example.test", true);
    await accountForProfile(
      storage,
      "gitlab",
      { subject: "2", email: "kept@example.test", emailVerified: true, name: null },
      "en",
    );
    expect((await storage.users.byId("kept@example.test"))?.passwordHash).toBe("$argon2id$set-by-whoever-signed-up");
  });

  it("names a new account after the address when the provider gives no name", async () => {
    const result = await accountForProfile(
      storage,
      "oidc",
      { subject: "3", email: "zoe@example.test", emailVerified: true, name: "  " },
      "en",
    );
    expect(result.created).toBe(true);
    expect((await storage.users.byId(result.userId))?.name).toBe("zoe");
  });

  it("refuses a malformed address even when marked verified", async () => {
    await expect(
      accountForProfile(storage, "oidc", { subject: "4", email: "not an email", emailVerified: true, name: "X" }, "en"),
    ).rejects.toMatchObject({ code: "oauth-email-unverified" });
  });
});
