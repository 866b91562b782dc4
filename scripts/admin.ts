/**
 * Instance administration from the command line, for the person who runs the server:
 *
 *   npm run admin -- create-admin <email> <name>   creates a verified administrator and prints a one-time
 *                                                  password-reset link to set its password
 *   npm run admin -- verify <email>                confirms an account's address by hand (no SMTP server)
 *   npm run admin -- promote <email>               makes an existing account an administrator
 *   npm run admin -- list                          lists accounts
 *
 * Reads the server's configuration (server/config.ts: the environment over `.env`, the same
 * defaults), so it opens the database the server uses; safe to run while the server runs. A
 * mistake is answered with one sentence, never a stack trace.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { issueToken } from "../server/auth/oneTimeTokens.ts";
import { loadConfig, readEnvironment } from "../server/config.ts";
import { openSqliteStorage } from "../server/storage/sqlite.ts";

const USAGE = "usage: npm run admin -- create-admin <email> <name> | verify <email> | promote <email> | list";
const COMMANDS = new Set(["create-admin", "verify", "promote", "list"]);

export async function runAdmin(args: string[], env: NodeJS.ProcessEnv = readEnvironment()): Promise<string> {
  if (!COMMANDS.has(args[0] ?? "")) throw new UsageError(USAGE);
  const config = loadConfig(env);
  const file = path.join(config.dataDir, "data-patch.sqlite");
  // Never a new empty database beside the server's: a wrong DATA_DIR is said, not hidden.
  if (!existsSync(file))
    throw new UsageError(
      `there is no Data Patch database at ${file}: start the server once, or set DATA_DIR as the server has it (in .env or the environment)`,
    );
  const storage = openSqliteStorage(file);
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
          isAdmin: true,
          createdAt: new Date().toISOString(),
        });
        if (!user) throw new UsageError(`an account already uses ${email}: use "promote"`);
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
      case "list": {
        const users = await storage.users.list();
        if (users.length === 0) return `No account yet in ${file}.`;
        return users
          .map(
            (u) =>
              `${u.isAdmin ? "admin" : "     "} ${u.emailVerified ? "verified  " : "unverified"} ${u.email} (${u.name})`,
          )
          .join("\n");
      }
      default:
        throw new UsageError(USAGE);
    }
  } finally {
    storage.close();
  }
}

export class UsageError extends Error {}

if (import.meta.main) {
  Promise.resolve()
    .then(() => runAdmin(process.argv.slice(2)))
    .then(
      (output) => console.log(output),
      (error: Error) => {
        console.error(error.message.startsWith("usage:") ? error.message : `npm run admin: ${error.message}`);
        process.exitCode = 1;
      },
    );
}
