import { startApp } from "./app.ts";
import { loadConfig, readEnvironment } from "./config.ts";

// A configuration mistake or a busy port is one sentence, not a stack trace.
const app = await Promise.resolve()
  .then(() => loadConfig(readEnvironment()))
  .then((config) =>
    startApp(config).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE")
        throw new Error(
          `port ${config.port} on ${config.host} is already in use: set PORT (in .env or the environment)`,
        );
      throw error;
    }),
  )
  .catch((error: Error) => {
    console.error(`Data Patch cannot start: ${error.message}`);
    if (/^(debug|trace)$/.test(process.env.LOG_LEVEL ?? "")) console.error(error);
    process.exit(1);
  });
process.stdout.write(`Data Patch is running at ${app.url}\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
