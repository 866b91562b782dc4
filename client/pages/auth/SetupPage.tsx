/**
 * /setup: the first administrator of a new instance, with the setup code the server printed in its
 * log at start (server/auth/firstRunSetup.ts). No email confirmation; signed in at once.
 */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { instanceApi } from "../../../shared/api/instance.ts";
import { callApi } from "../../api.ts";
import { refreshInstance, useInstance } from "../../session/instance.ts";
import { useSession } from "../../session/session.tsx";
import { ErrorMessage, Field, useFormAction, usePageTitle } from "../../session/ui.tsx";
import { NewAccountFields, useNewAccount } from "./NewAccountFields.tsx";

export function SetupPage() {
  const { t } = useTranslation();
  const instance = useInstance();
  usePageTitle(t("accounts.setup.title"));

  if (!instance) return <p className="page">{t("accounts.loading")}</p>;
  if (!instance.needsSetup)
    return (
      <div className="page auth-page">
        <h1>{t("accounts.setup.title")}</h1>
        <div className="card auth-card">
          <p>{t("accounts.setup.alreadySetUp")}</p>
          <p className="muted">{t("accounts.setup.alreadySetUpHint")}</p>
          <Link to="/sign-in">{t("accounts.verify.signIn")}</Link>
        </div>
      </div>
    );
  return <SetupForm />;
}

function SetupForm() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [code, setCode] = useState("");
  const { account, setAccount, problem, wrong: wrongField, trimmed } = useNewAccount();
  const { busy, error, run, fail } = useFormAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const wrong = code.trim() ? problem() : t("accounts.errors.fillEveryField");
    if (wrong) return fail(wrong);
    await run(async () => {
      const { user } = await callApi(instanceApi.setup, { body: { ...trimmed, code: code.trim() } });
      session.setUser(user);
      await refreshInstance();
      if (user.language !== i18n.resolvedLanguage) await i18n.changeLanguage(user.language);
      navigate("/", { replace: true });
      return null;
    });
  }

  return (
    <div className="page auth-page">
      <h1>{t("accounts.setup.title")}</h1>
      <form onSubmit={submit} noValidate className="card auth-card">
        <p>{t("accounts.setup.intro")}</p>
        <p>{t("accounts.setup.codeHelp")}</p>
        <Field
          label={t("accounts.setup.code")}
          hint={t("accounts.setup.codeHint")}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="characters"
          value={code}
          maxLength={100}
          onChange={(e) => setCode(e.target.value)}
          required
        />
        <NewAccountFields account={account} onChange={setAccount} wrong={wrongField} />
        <ErrorMessage>{error}</ErrorMessage>
        <button type="submit" className="primary wide" disabled={busy}>
          {busy ? t("accounts.setup.submitting") : t("accounts.setup.submit")}
        </button>
        <p className="muted">
          {t("accounts.setup.cli")} <code>npm run admin -- create-admin &lt;email&gt; &lt;name&gt;</code>
        </p>
      </form>
    </div>
  );
}
