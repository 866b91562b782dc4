import { startApp } from "./app.ts";
import { loadConfig } from "./config.ts";

const app = await startApp(loadConfig());
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
