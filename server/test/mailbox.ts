/** A real SMTP server on loopback for tests: collects and parses every message it receives. */
import { once } from "node:events";
import { type AddressInfo, createServer } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** An SMTP URL where nothing answers: a mail server that is down. */
export async function deadSmtpUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `smtp://127.0.0.1:${port}`;
}

export type ReceivedMail = { to: string; mail: ParsedMail };

export async function startMailbox() {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          for (const rcpt of session.envelope.rcptTo) received.push({ to: rcpt.address, mail });
          callback();
        },
        (error) => callback(error),
      );
    },
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  const { port } = server.server.address() as AddressInfo;
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    received,
    /** Waits for the `nth` (1-based) message to `to`; returns it with the first link it holds. */
    async mail(to: string, nth: number, timeoutMs = 10_000): Promise<{ mail: ParsedMail; link: string | null }> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.filter((r) => r.to === to)[nth - 1];
        if (found) return { mail: found.mail, link: /https?:\/\/\S+/.exec(found.mail.text ?? "")?.[0] ?? null };
        if (Date.now() > deadline) throw new Error(`no mail number ${nth} for ${to}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    count: (to: string) => received.filter((r) => r.to === to).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** fetch with a cookie jar and this site's Origin, as a browser on the app's own pages would send. */
export function browserLikeClient(baseUrl: string) {
  const jar = new Map<string, string>();
  return {
    jar,
    async request(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method: init.method ?? "GET",
        headers: {
          origin: baseUrl,
          ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
          ...(jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") } : {}),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      for (const header of response.headers.getSetCookie()) {
        const [pair = "", ...attributes] = header.split(";");
        const [name = "", value = ""] = pair.split("=");
        const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
        if (expired || value === "") jar.delete(name.trim());
        else jar.set(name.trim(), value.trim());
      }
      const text = await response.text();
      return {
        status: response.status,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
        headers: response.headers,
      };
    },
  };
}
