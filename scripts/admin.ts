/**
 * Instance administration from the command line, for the person who runs the server:
 *
 *   npm run admin -- create-admin <email> <name>   creates a verified administrator and prints a one-time
 *                                                  password-reset link to set its password
 *   npm run admin -- verify <email>                confirms an account's address by hand (no SMTP server)
 *   npm run admin -- promote <email>               makes an existing account an administrator
 *   npm run admin -- list                          lists accounts
 *
 * Uses DATA_DIR (default ./data) like the server; safe to run while the server runs.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { issueToken } from "../server/auth/oneTimeTokens.ts";
import { loadConfig } from "../server/config.ts";
import { openSqliteStorage } from "../server/storage/sqlite.ts";

export async function runAdmin(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const config = loadConfig(env);
  const storage = openSqliteStorage(path.join(config.dataDir, "data-patch.sqlite"));
  try {
    const [command, email, name] = args;
    switch (command) {
      case "create-admin": {
        if (!email || !name) throw new UsageError("create-admin needs an email and a name");
        const user = await storage.users.create({
          id: randomUUID(),
          email: email.trim().toLowerCase(),
          emailVerified: true,
          passwordHash: null,
          name,
          language: "en",
          createdAt: new Date().toISOString(),
        });
        if (!user) throw new UsageError(`an account already uses ${email}: use "promote"`);
        await storage.users.update(user.id, { isAdmin: true });
        const token = await issueToken(storage, "reset-password", user, user.email);
        const base = config.publicUrl ?? `http://${config.host}:${config.port}`;
        return `Administrator ${user.email} created. Set its password within 30 minutes at:\n${base}/reset-password?token=${encodeURIComponent(token)}`;
      }
      case "verify": {
        const user = email ? await storage.users.byEmail(email.trim().toLowerCase()) : null;
        if (!user) throw new UsageError(`no account uses ${email ?? "(no email given)"}`);
        await storage.users.update(user.id, { emailVerified: true });
        return `${user.email} is verified and can sign in.`;
      }
      case "promote": {
        const user = email ? await storage.users.byEmail(email.trim().toLowerCase()) : null;
        if (!user) throw new UsageError(`no account uses ${email ?? "(no email given)"}`);
        await storage.users.update(user.id, { isAdmin: true });
        return `${user.email} is now an administrator.`;
      }
      case "list":
        return (await storage.users.list())
          .map(
            (u) =>
              `${u.isAdmin ? "admin" : "     "} ${u.emailVerified ? "verified  " : "unverified"} ${u.email} (${u.name})`,
          )
          .join("\n");
      default:
        throw new UsageError(
          "usage: npm run admin -- create-admin <email> <name> | verify <email> | promote <email> | list",
        );
    }
  } finally {
    storage.close();
  }
}

export class UsageError extends Error {}

if (import.meta.main) {
  runAdmin(process.argv.slice(2)).then(
    (output) => console.log(output),
    (error) => {
      console.error(error instanceof UsageError ? error.message : error);
      process.exit(1);
    },
  );
}
