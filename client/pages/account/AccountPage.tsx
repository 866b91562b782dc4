/** /account: profile and language, password, email, email about proposals, sessions, API tokens, deleting the account. */
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { accountApi, PASSWORD_MIN, type PublicUser, type SessionInfo } from "../../../shared/api/auth.ts";
import { callApi } from "../../api.ts";
import { deleteLocalCopies } from "../../collab/localCopies.ts";
import type { Language } from "../../i18n/index.ts";
import { languages } from "../../i18n/index.ts";
import { RequireSignIn } from "../../session/RequireSignIn.tsx";
import { useSession } from "../../session/session.tsx";
import {
  ErrorMessage,
  Field,
  formatDate,
  StatusMessage,
  useErrorText,
  useFormAction,
  usePageTitle,
} from "../../session/ui.tsx";
import { ApiTokens } from "./ApiTokens.tsx";
import { ProposalMailSettings } from "./ProposalMailSettings.tsx";

export function AccountPage() {
  const { t } = useTranslation();
  usePageTitle(t("accounts.account.title"));
  return (
    <RequireSignIn>
      {(user) => (
        <div className="page narrow account-page">
          <h1>{t("accounts.account.title")}</h1>
          <Profile user={user} />
          <PasswordChange />
          <EmailChange user={user} />
          <ProposalMailSettings />
          <Sessions />
          <ApiTokens />
          <DeleteAccount />
        </div>
      )}
    </RequireSignIn>
  );
}

function Profile({ user }: { user: PublicUser }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const id = useId();
  const [name, setName] = useState(user.name);
  const [language, setLanguage] = useState<Language>(user.language);
  // The header's language list saves the account's language too: the form follows it.
  useEffect(() => setLanguage(user.language), [user.language]);
  const { busy, error, done, run, fail } = useFormAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return fail(t("accounts.errors.fillEveryField"));
    await run(async () => {
      const { user: updated } = await callApi(accountApi.update, { body: { name: name.trim(), language } });
      session.setUser(updated);
      if (updated.language !== i18n.resolvedLanguage) await i18n.changeLanguage(updated.language);
      return i18n.t("accounts.account.saved");
    });
  }

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("accounts.account.profile")}</h2>
      <form onSubmit={submit} noValidate>
        <Field
          label={t("accounts.fields.name")}
          autoComplete="name"
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <div className="field">
          <label htmlFor={`${id}-language`}>{t("accounts.fields.language")}</label>
          <select id={`${id}-language`} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            {languages.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.label}
              </option>
            ))}
          </select>
        </div>
        <ErrorMessage>{error}</ErrorMessage>
        <StatusMessage>{done}</StatusMessage>
        <button type="submit" className="primary" disabled={busy}>
          {t("accounts.account.save")}
        </button>
      </form>
    </section>
  );
}

function PasswordChange() {
  const { t } = useTranslation();
  const id = useId();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const { busy, error, done, run, fail } = useFormAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (next.length < PASSWORD_MIN) return fail(t("accounts.errors.passwordTooShort", { min: PASSWORD_MIN }));
    await run(async () => {
      await callApi(accountApi.changePassword, { body: { currentPassword: current, newPassword: next } });
      setCurrent("");
      setNext("");
      return t("accounts.account.passwordChanged");
    });
  }

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("accounts.account.passwordTitle")}</h2>
      <form onSubmit={submit} noValidate>
        <Field
          label={t("accounts.fields.currentPassword")}
          hint={t("accounts.account.noPasswordHint")}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <Field
          label={t("accounts.fields.newPassword")}
          hint={t("accounts.fields.passwordHint", { min: PASSWORD_MIN })}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
        <ErrorMessage>{error}</ErrorMessage>
        <StatusMessage>{done}</StatusMessage>
        <button type="submit" className="primary" disabled={busy}>
          {t("accounts.account.changePassword")}
        </button>
      </form>
    </section>
  );
}

function EmailChange({ user }: { user: PublicUser }) {
  const { t } = useTranslation();
  const id = useId();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, done, run, fail } = useFormAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return fail(t("accounts.errors.invalidEmail"));
    await run(async () => {
      const { status } = await callApi(accountApi.changeEmail, { body: { newEmail: email.trim(), password } });
      setPassword("");
      const key = status === "check-your-inbox" ? "accounts.account.emailSent" : "accounts.account.emailNoEmail";
      return t(key, { email: email.trim() });
    });
  }

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("accounts.account.emailTitle")}</h2>
      <p className="muted">{t("accounts.account.emailIs", { email: user.email })}</p>
      <form onSubmit={submit} noValidate>
        <Field
          label={t("accounts.fields.newEmail")}
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Field
          label={t("accounts.fields.password")}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <ErrorMessage>{error}</ErrorMessage>
        <StatusMessage>{done}</StatusMessage>
        <button type="submit" className="primary" disabled={busy}>
          {t("accounts.account.changeEmail")}
        </button>
      </form>
    </section>
  );
}

function Sessions() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(
    () =>
      callApi(accountApi.get).then(
        (r) => setSessions(r.sessions),
        (e) => setError(errorText(e)),
      ),
    [errorText],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function revoke(session: SessionInfo) {
    setError(null);
    try {
      await callApi(accountApi.revokeSession, { params: { id: session.id } });
      setStatus(t("accounts.account.sessionRevoked"));
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("accounts.account.sessionsTitle")}</h2>
      <p className="muted">{t("accounts.account.sessionsIntro")}</p>
      {sessions && (
        <ul className="plain-list">
          {sessions.map((s) => (
            <li key={s.id} className="list-row">
              <span>
                {t("accounts.account.sessionStarted", { date: formatDate(s.createdAt) })}
                <br />
                <span className="muted">
                  {t("accounts.account.sessionLastUsed", { date: formatDate(s.lastUsedAt) })}
                </span>
              </span>
              {s.current ? (
                <span className="badge">{t("accounts.account.sessionCurrent")}</span>
              ) : (
                <button type="button" onClick={() => void revoke(s)}>
                  {t("accounts.account.revokeSession")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{status}</StatusMessage>
    </section>
  );
}

function DeleteAccount() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const id = useId();
  const [password, setPassword] = useState("");
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useFormAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      await callApi(accountApi.delete, { body: { password } });
      session.setUser(null);
      // Like signing out: what this person could open does not stay on the device.
      await deleteLocalCopies();
      navigate("/");
      return null;
    });
  }

  return (
    <section className="card danger-zone" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("accounts.account.deleteTitle")}</h2>
      <p>{t("accounts.account.deleteIntro")}</p>
      {!confirming ? (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {t("accounts.account.deleteStart")}
        </button>
      ) : (
        <form onSubmit={submit} noValidate>
          <Field
            label={t("accounts.fields.password")}
            hint={t("accounts.account.noPasswordHint")}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus
          />
          <ErrorMessage>{error}</ErrorMessage>
          <div className="button-row">
            <button type="submit" className="danger solid" disabled={busy}>
              {t("accounts.account.deleteConfirm")}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t("accounts.cancel")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
