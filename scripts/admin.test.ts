import path from "node:path";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../server/auth/passwords.ts";
import { openSqliteStorage } from "../server/storage/sqlite.ts";
import { browserLikeClient } from "../server/test/mailbox.ts";
import { startTestServer, tempDataDir } from "../server/test/testServer.ts";
import { runAdmin } from "./admin.ts";

describe("npm run admin", () => {
  it("creates an administrator whose password is set through the printed one-time link", async () => {
    const data = tempDataDir();
    const server = await startTestServer(data.dir);
    try {
      const env = { DATA_DIR: data.dir, PUBLIC_URL: server.url };
      const output = await runAdmin(["create-admin", "Root@Example.test", "Root"], env);
      const link = /https?:\/\/\S+/.exec(output)?.[0] ?? "";
      const client = browserLikeClient(server.url);
      const token = new URL(link).searchParams.get("token");
      expect(
        (
          await client.request("/api/auth/password-reset", {
            method: "POST",
            body: { token, password: "a long admin password" },
          })
        ).status,
      ).toBe(200);
      await client.request("/api/auth/sign-in", {
        method: "POST",
        body: { email: "root@example.test", password: "a long admin password" },
      });
      expect((await client.request("/api/account")).body).toMatchObject({
        user: { isAdmin: true, email: "root@example.test" },
      });
      expect((await client.request("/api/admin/outbox")).status).toBe(200);

      await expect(runAdmin(["create-admin", "root@example.test", "Again"], env)).rejects.toThrow(/promote/);
      const storage = openSqliteStorage(path.join(data.dir, "data-patch.sqlite"));
      await storage.users.create({
        id: "u2",
        email: "second@example.test",
        emailVerified: false,
        passwordHash: await hashPassword("second password"),
        name: "S",
        language: "fr",
        createdAt: "2026-01-01",
      });
      storage.close();
      expect(await runAdmin(["promote", "second@example.test"], env)).toContain("administrator");
      const signIn = () =>
        client.request("/api/auth/sign-in", {
          method: "POST",
          body: { email: "second@example.test", password: "second password" },
        });
      expect((await signIn()).status).toBe(403);
      await runAdmin(["verify", "second@example.test"], env);
      expect((await signIn()).status).toBe(200);
      expect(await runAdmin(["list"], env)).toMatch(/admin verified +second@example.test/);
      await expect(runAdmin(["bogus"], env)).rejects.toThrow(/usage/);
    } finally {
      await server.close();
      data.remove();
    }
  });
});
