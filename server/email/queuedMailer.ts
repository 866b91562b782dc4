/**
 * The mailer HTTP requests use (sign-up, password reset, change of address, invitations): with an
 * SMTP server, a mail only joins the durable queue (mailQueue.ts), so a slow or dead server never
 * slows or fails the request, and a restart loses nothing; without one, it goes to the
 * administrators' outbox at once, as before (a local write, nothing there can be slow).
 */
import type { Mailer } from "./mailer.ts";
import type { MailQueue } from "./mailQueue.ts";

export function queuedMailer(mailer: Mailer, queue: MailQueue): Mailer {
  return {
    configured: mailer.configured,
    send: (to, mail) => (mailer.configured ? queue.enqueue(to, mail) : mailer.send(to, mail)),
    close() {}, // the queue's mailer is closed with the app
  };
}
