/** The server's log, the same in each of its processes (server/app.ts and the API reader). */
import type { FastifyServerOptions } from "fastify";
import type { Config } from "./config.ts";

export function loggerOptions(
  level: Config["logLevel"],
  stream?: NodeJS.WritableStream,
): FastifyServerOptions["logger"] {
  return {
    level,
    redact: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'],
    // Fastify's own request lines would carry the client's address and port: client addresses
    // are never kept, in the log either (server/privacy/addressHash.ts).
    serializers: { req: (request) => ({ method: request.method, url: request.url, host: request.host }) },
    ...(stream ? { stream } : {}),
  };
}
