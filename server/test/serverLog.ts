/**
 * The server's log as a test reads it: a stream to give `startApp` (`logStream`), the JSON lines
 * written to it so far, and the setup code the server printed at its start (first-run setup).
 */
import { Writable } from "node:stream";

export type LogLine = { level: number; msg: string; [field: string]: unknown };

export function serverLog(echo: NodeJS.WritableStream | null = null) {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      echo?.write(chunk);
      done();
    },
  });
  const lines = (): LogLine[] =>
    text
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as LogLine);
  return {
    stream,
    /** Everything logged so far, as written. */
    text: () => text,
    lines,
    /** The code of the latest "No administrator yet" line, read from its message as a person would. */
    setupCode(): string {
      const line = lines().findLast((l) => l.msg.startsWith("No administrator yet"));
      const code = line && /setup code (\S+)/.exec(line.msg)?.[1];
      if (!code) throw new Error("the server printed no setup code");
      return code;
    },
  };
}
