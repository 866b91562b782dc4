/**
 * Sign-up: name, email, password (10 characters or more), language; then "check your inbox", or,
 * with no email server configured, that an administrator must confirm the account.
 */
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { PASSWORD_MIN } from "../../../shared/api/auth.ts";
import { accountApi, type Language, safeNext } from "../../accountApi.ts";
import { languages } from "../../i18n/index.ts";
import { ErrorMessage, Field, useErrorText, usePageTitle } from "../../session/ui.tsx";

export function SignUpPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [language, setLanguage] = useState<Language>(i18n.resolvedLanguage ?? "en");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<{ email: string; emailSent: boolean } | null>(null);
  usePageTitle(t("accounts.signUp.title"));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim() || !email.trim() || !password) return setError(t("accounts.errors.fillEveryField"));
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return setError(t("accounts.errors.invalidEmail"));
    if (password.length < PASSWORD_MIN) return setError(t("accounts.errors.passwordTooShort", { min: PASSWORD_MIN }));
    setBusy(true);
    setError(null);
    try {
      const { status } = await accountApi.signUp({
        name: name.trim(),
        email: email.trim(),
        password,
        language,
        ...(next === "/" ? {} : { next }),
      });
      setSentTo({ email: email.trim(), emailSent: status === "check-your-inbox" });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const signInPath = next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;

  if (sentTo) {
    return (
      <div className="page auth-page">
        {sentTo.emailSent ? (
          <>
            <h1>{t("accounts.signUp.checkInboxTitle")}</h1>
            <div className="card auth-card" role="status">
              <p>{t("accounts.signUp.checkInbox", { email: sentTo.email })}</p>
              <p className="muted">{t("accounts.signUp.checkInboxHint")}</p>
            </div>
          </>
        ) : (
          <>
            <h1>{t("accounts.signUp.noEmailTitle")}</h1>
            <div className="card auth-card" role="status">
              <p>{t("accounts.signUp.noEmail", { email: sentTo.email })}</p>
            </div>
          </>
        )}
        <p>
          <Link to={signInPath}>{t("accounts.signUp.goSignIn")}</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="page auth-page">
      <h1>{t("accounts.signUp.title")}</h1>
      <form onSubmit={submit} noValidate className="card auth-card">
        <Field
          label={t("accounts.fields.name")}
          autoComplete="name"
          value={name}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
          required
        />
        <Field
          label={t("accounts.fields.email")}
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          required
        />
        <Field
          label={t("accounts.fields.password")}
          hint={t("accounts.fields.passwordHint", { min: PASSWORD_MIN })}
          type="password"
          autoComplete="new-password"
          minLength={PASSWORD_MIN}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
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
        <button type="submit" className="primary wide" disabled={busy}>
          {busy ? t("accounts.signUp.submitting") : t("accounts.signUp.submit")}
        </button>
        <p className="auth-links">
          <Link to={signInPath}>{t("accounts.signUp.haveAccount")}</Link>
        </p>
      </form>
    </div>
  );
}
