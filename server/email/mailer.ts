/**
 * Sends email through SMTP when SMTP_URL is set. Without it, messages go to the outbox table
 * (visible to instance administrators only) and one log line with recipient and subject — never
 * the body, which may hold a sign-in or reset link.
 */
import nodemailer from "nodemailer";
import type { Logger } from "pino";
import type { MailStatus } from "../../shared/api/auth.ts";
import type { OutboxStore } from "../storage/accountTypes.ts";
import type { Mail } from "./templates.ts";

export type Mailer = {
  /** An SMTP server is configured: `send` really sends. Without one, pages must not claim it did. */
  readonly configured: boolean;
  send(to: string, mail: Mail): Promise<void>;
  close(): void;
};

export function createMailer(options: {
  smtpUrl: string | null;
  from: string;
  outbox: OutboxStore;
  log: Logger;
}): Mailer {
  const { smtpUrl, from, outbox, log } = options;
  if (!smtpUrl) {
    log.warn("no SMTP_URL configured: emails go to the administrators' outbox");
    return {
      configured: false,
      async send(to, mail) {
        await outbox.add({ recipient: to, ...mail, createdAt: new Date().toISOString() });
        log.info({ to, subject: mail.subject }, "email kept in the outbox");
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    configured: true,
    async send(to, mail) {
      await transport.sendMail({ from, to, ...mail });
      log.info({ to, subject: mail.subject }, "email sent");
    },
    close() {
      transport.close();
    },
  };
}

/** The answer to a request that mailed someone: sent, or kept in the outbox (no SMTP server). */
export const mailStatus = (mailer: Mailer): MailStatus =>
  mailer.configured ? { status: "check-your-inbox" } : { status: "no-email-server" };
