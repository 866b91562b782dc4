/**
 * /admin (instance administrators): the accounts with their role, confirming one by hand (no SMTP
 * server), and the outbox (emails kept when no SMTP server is set), its links clickable.
 */
import { Fragment, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { type AdminUser, adminApi, type OutboxMail } from "../../../shared/api/admin.ts";
import { callApi } from "../../api.ts";
import { useInstance } from "../../session/instance.ts";
import { RequireSignIn } from "../../session/RequireSignIn.tsx";
import { ErrorMessage, formatDate, StatusMessage, useErrorText, usePageTitle } from "../../session/ui.tsx";

export function AdminPage() {
  const { t } = useTranslation();
  usePageTitle(t("accounts.admin.title"));
  return (
    <RequireSignIn>
      {(user) =>
        user.isAdmin ? (
          <Admin />
        ) : (
          <div className="page narrow">
            <h1>{t("accounts.admin.title")}</h1>
            <p role="alert">{t("accounts.admin.forbidden")}</p>
          </div>
        )
      }
    </RequireSignIn>
  );
}

function Admin() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const usersId = useId();
  const outboxId = useId();
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [mails, setMails] = useState<OutboxMail[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const emailConfigured = useInstance()?.emailConfigured === true;

  async function confirm(user: AdminUser) {
    setError(null);
    setStatus(null);
    try {
      const confirmed = await callApi(adminApi.confirmAccount, { params: { id: user.id } });
      setUsers((list) => list?.map((u) => (u.id === confirmed.id ? { ...u, emailVerified: true } : u)) ?? null);
      setStatus(t("accounts.admin.confirmed", { email: user.email }));
    } catch (e) {
      setError(errorText(e));
    }
  }

  useEffect(() => {
    Promise.all([callApi(adminApi.users), callApi(adminApi.outbox)]).then(
      ([{ users: u }, { mails: m }]) => {
        setUsers(u);
        setMails(m);
      },
      (e) => setError(errorText(e)),
    );
  }, [errorText]);

  return (
    <div className="page admin-page">
      <h1>{t("accounts.admin.title")}</h1>
      <ErrorMessage>{error}</ErrorMessage>
      <section aria-labelledby={usersId}>
        <h2 id={usersId}>{t("accounts.admin.usersTitle", { count: users?.length ?? 0 })}</h2>
        {users && (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable from the keyboard
          <section className="table-scroll" tabIndex={0} aria-labelledby={usersId}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("accounts.fields.name")}</th>
                  <th scope="col">{t("accounts.fields.email")}</th>
                  <th scope="col">{t("accounts.admin.verified")}</th>
                  <th scope="col">{t("accounts.admin.role")}</th>
                  <th scope="col">{t("accounts.fields.language")}</th>
                  <th scope="col">{t("accounts.admin.created")}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id}>
                    <td>{u.name}</td>
                    <td>{u.email}</td>
                    <td>
                      {u.emailVerified ? (
                        t("values.yes")
                      ) : (
                        <span className="cell-with-action">
                          {t("values.no")}
                          <button
                            type="button"
                            aria-label={t("accounts.admin.confirmLabel", { email: u.email })}
                            onClick={() => void confirm(u)}
                          >
                            {t("accounts.admin.confirm")}
                          </button>
                        </span>
                      )}
                    </td>
                    <td>{u.isAdmin ? t("accounts.admin.administrator") : t("accounts.admin.member")}</td>
                    <td>{u.language}</td>
                    <td>{formatDate(u.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        <StatusMessage>{status}</StatusMessage>
      </section>
      <section aria-labelledby={outboxId}>
        <h2 id={outboxId}>{t("accounts.admin.outboxTitle")}</h2>
        <p className="muted">
          {emailConfigured ? t("accounts.admin.outboxEmailConfigured") : t("accounts.admin.outboxIntro")}
        </p>
        {mails && mails.length > 0 && <p className="muted">{t("accounts.admin.outboxHowTo")}</p>}
        {mails?.length === 0 && <p>{t("accounts.admin.noMail")}</p>}
        <ul className="plain-list outbox">
          {mails?.map((m) => (
            <li key={m.id} className="card mail" data-testid="outbox-mail">
              <h3>{m.subject}</h3>
              <p className="muted">
                {t("accounts.admin.mailMeta", { recipient: m.recipient, date: formatDate(m.createdAt) })}
              </p>
              {/* The text part only, never rendered as HTML; its links (this site's) made clickable. */}
              <pre className="mail-text">
                <LinkedText text={m.text} />
              </pre>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;

/** Text with its http(s) addresses as links (React escapes the rest; no other scheme is linked). */
function LinkedText({ text }: { text: string }) {
  const parts: (string | { href: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    parts.push(text.slice(last, match.index), { href: match[0] });
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts.map((part, i) =>
    typeof part === "string" ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text, never reordered
      <Fragment key={i}>{part}</Fragment>
    ) : (
      // biome-ignore lint/suspicious/noArrayIndexKey: as above
      <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
        {part.href}
      </a>
    ),
  );
}
