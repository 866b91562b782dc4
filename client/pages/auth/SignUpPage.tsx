/**
 * Sign-up: name, email, password (10 characters or more), language; then "check your inbox", or,
 * with no email server configured, that an administrator must confirm the account.
 */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { authApi } from "../../../shared/api/auth.ts";
import { callApi } from "../../api.ts";
import { safeNext } from "../../session/safeNext.ts";
import { ErrorMessage, useErrorText, usePageTitle } from "../../session/ui.tsx";
import { NewAccountFields, useNewAccount } from "./NewAccountFields.tsx";

export function SignUpPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const { account, setAccount, problem, wrong: wrongField, trimmed } = useNewAccount();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<{ email: string; emailSent: boolean } | null>(null);
  usePageTitle(t("accounts.signUp.title"));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const wrong = problem();
    if (wrong) return setError(wrong);
    setBusy(true);
    setError(null);
    try {
      const { status } = await callApi(authApi.signUp, { body: { ...trimmed, ...(next === "/" ? {} : { next }) } });
      setSentTo({ email: trimmed.email, emailSent: status === "check-your-inbox" });
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
        <NewAccountFields account={account} onChange={setAccount} wrong={wrongField} />
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
