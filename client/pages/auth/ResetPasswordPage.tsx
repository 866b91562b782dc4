/**
 * /reset-password: without a token, asks for the address to send a link to; with one (from that
 * email), a new password form. Nothing is sent until the person submits.
 */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { authApi, PASSWORD_MIN } from "../../../shared/api/auth.ts";
import { callApi } from "../../api.ts";
import { useSession } from "../../session/session.tsx";
import { ErrorMessage, Field, useFormAction, usePageTitle } from "../../session/ui.tsx";

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token");
  return token ? <NewPasswordForm token={token} /> : <RequestResetForm />;
}

function RequestResetForm() {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const { busy, error, done: sent, run, fail } = useFormAction();
  usePageTitle(t("accounts.reset.requestTitle"));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return fail(t("accounts.errors.invalidEmail"));
    await run(async () => {
      const { status } = await callApi(authApi.requestReset, { body: { email: email.trim() } });
      const key = status === "check-your-inbox" ? "accounts.reset.requestSent" : "accounts.reset.requestNoEmail";
      return t(key, { email: email.trim() });
    });
  }

  return (
    <div className="page auth-page">
      <h1>{t("accounts.reset.requestTitle")}</h1>
      {sent ? (
        <div className="card auth-card" role="status">
          <p>{sent}</p>
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
  const session = useSession();
  const [password, setPassword] = useState("");
  const { busy, error, done, run, fail } = useFormAction();
  usePageTitle(t("accounts.reset.title"));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password.length < PASSWORD_MIN) return fail(t("accounts.errors.passwordTooShort", { min: PASSWORD_MIN }));
    await run(async () => {
      await callApi(authApi.resetPassword, { body: { token, password } });
      session.setUser(null); // every session of the account ended
      return t("accounts.reset.success");
    });
  }

  return (
    <div className="page auth-page">
      <h1>{t("accounts.reset.title")}</h1>
      {done ? (
        <div className="card auth-card" role="status">
          <p className="success">{done}</p>
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
