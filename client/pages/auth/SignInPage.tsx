/** Sign-in with email and password, or with a configured provider (full-page navigation to its start URL). */
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { authApi, OAUTH_ERRORS } from "../../../shared/api/auth.ts";
import type { Answer } from "../../../shared/api/route.ts";
import { ApiError, callApi, urlOf } from "../../api.ts";
import { safeNext } from "../../session/safeNext.ts";

type Provider = Answer<typeof authApi.providers>["providers"][number];

import type { AccountErrorCode } from "../../i18n/resources.ts";
import { useInstance } from "../../session/instance.ts";
import { useSession } from "../../session/session.tsx";
import { ErrorMessage, Field, useErrorText, usePageTitle } from "../../session/ui.tsx";

const OAUTH_ERROR_CODES = new Set<string>(OAUTH_ERRORS);

export function SignInPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const instance = useInstance();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const oauthError = params.get("error");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(
    oauthError
      ? t(`accounts.errors.${(OAUTH_ERROR_CODES.has(oauthError) ? oauthError : "oauth-failed") as AccountErrorCode}`)
      : null,
  );
  const [providers, setProviders] = useState<Provider[]>([]);
  usePageTitle(t("accounts.signIn.title"));

  useEffect(() => {
    callApi(authApi.providers).then(
      (r) => setProviders(r.providers),
      () => setProviders([]),
    );
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!email.trim() || !password) return setError(t("accounts.errors.fillEveryField"));
    setBusy(true);
    setError(null);
    try {
      const { user } = await callApi(authApi.signIn, { body: { email: email.trim(), password } });
      session.setUser(user);
      if (user.language !== i18n.resolvedLanguage) await i18n.changeLanguage(user.language);
      navigate(next, { replace: true });
    } catch (e) {
      // Without an email server no confirmation link was ever sent: say who can confirm instead.
      const unconfirmed = e instanceof ApiError && e.code === "email-not-verified";
      setError(
        unconfirmed && instance?.emailConfigured === false ? t("accounts.errors.notVerifiedNoEmail") : errorText(e),
      );
      setBusy(false);
    }
  }

  const withNext = (path: string) => (next === "/" ? path : `${path}?next=${encodeURIComponent(next)}`);

  return (
    <div className="page auth-page">
      <h1>{t("accounts.signIn.title")}</h1>
      {session.state === "signed-in" && (
        <p className="notice">{t("accounts.signIn.alreadySignedIn", { name: session.user.name })}</p>
      )}
      <form onSubmit={submit} noValidate className="card auth-card">
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
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <ErrorMessage>{error}</ErrorMessage>
        <button type="submit" className="primary wide" disabled={busy}>
          {busy ? t("accounts.signIn.submitting") : t("accounts.signIn.submit")}
        </button>
        <p className="auth-links">
          <Link to="/reset-password">{t("accounts.signIn.forgot")}</Link>
          <Link to={withNext("/sign-up")}>{t("accounts.signIn.noAccount")}</Link>
        </p>
      </form>
      {providers.length > 0 && (
        <section className="card auth-card providers" aria-labelledby="providers-heading">
          <h2 id="providers-heading">{t("accounts.signIn.providers")}</h2>
          {providers.map((p) => (
            <a key={p.id} className="provider-button" href={urlOf(authApi.oauthStart, { provider: p.id }, { next })}>
              {t("accounts.signIn.withProvider", { name: p.name })}
            </a>
          ))}
        </section>
      )}
    </div>
  );
}
