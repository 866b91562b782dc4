/**
 * /reset-password: without a token, asks for the address to send a link to; with one (from that
 * email), a new password form. Nothing is sent until the person submits.
 */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { PASSWORD_MIN } from "../../../shared/api/auth.ts";
import { accountApi } from "../../accountApi.ts";
import { useSession } from "../../session/session.tsx";
import { ErrorMessage, Field, useErrorText, usePageTitle } from "../../session/ui.tsx";

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token");
  return token ? <NewPasswordForm token={token} /> : <RequestResetForm />;
}

function RequestResetForm() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [email, setEmail] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  usePageTitle(t("accounts.reset.requestTitle"));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return setError(t("accounts.errors.invalidEmail"));
    setBusy(true);
    setError(null);
    try {
      await accountApi.requestReset(email.trim());
      setSent(true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page auth-page">
      <h1>{t("accounts.reset.requestTitle")}</h1>
      {sent ? (
        <div className="card auth-card" role="status">
          <p>{t("accounts.reset.requestSent", { email: email.trim() })}</p>
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="card auth-card">
          <p>{t("accounts.reset.requestIntro")}</p>
          <Field
            label={t("accounts.fields.email")}
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
          <ErrorMessage>{error}</ErrorMessage>
          <button type="submit" className="primary wide" disabled={busy}>
            {t("accounts.reset.requestSubmit")}
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">{t("accounts.verify.signIn")}</Link>
      </p>
    </div>
  );
}

function NewPasswordForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  usePageTitle(t("accounts.reset.title"));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password.length < PASSWORD_MIN) return setError(t("accounts.errors.passwordTooShort", { min: PASSWORD_MIN }));
    setBusy(true);
    setError(null);
    try {
      await accountApi.resetPassword(token, password);
      session.setUser(null); // every session of the account ended
      setDone(true);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  }

  return (
    <div className="page auth-page">
      <h1>{t("accounts.reset.title")}</h1>
      {done ? (
        <div className="card auth-card" role="status">
          <p className="success">{t("accounts.reset.success")}</p>
          <Link to="/sign-in">{t("accounts.verify.signIn")}</Link>
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="card auth-card">
          <Field
            label={t("accounts.fields.newPassword")}
            hint={t("accounts.fields.passwordHint", { min: PASSWORD_MIN })}
            type="password"
            autoComplete="new-password"
            minLength={PASSWORD_MIN}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
          <ErrorMessage>{error}</ErrorMessage>
          <button type="submit" className="primary wide" disabled={busy}>
            {t("accounts.reset.submit")}
          </button>
        </form>
      )}
    </div>
  );
}
