/**
 * /setup: the first administrator of a new instance, with the setup code the server printed in its
 * log at start (server/auth/firstRunSetup.ts). No email confirmation; signed in at once.
 */
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { PASSWORD_MIN } from "../../../shared/api/auth.ts";
import { accountApi, type Language } from "../../accountApi.ts";
import { languages } from "../../i18n/index.ts";
import { refreshInstance, useInstance } from "../../session/instance.ts";
import { useSession } from "../../session/session.tsx";
import { ErrorMessage, Field, useFormAction, usePageTitle } from "../../session/ui.tsx";

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
  const id = useId();
  const session = useSession();
  const navigate = useNavigate();
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [language, setLanguage] = useState<Language>(i18n.resolvedLanguage ?? "en");
  const { busy, error, run, fail } = useFormAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!code.trim() || !name.trim() || !email.trim() || !password) return fail(t("accounts.errors.fillEveryField"));
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return fail(t("accounts.errors.invalidEmail"));
    if (password.length < PASSWORD_MIN) return fail(t("accounts.errors.passwordTooShort", { min: PASSWORD_MIN }));
    await run(async () => {
      const user = await accountApi.setup({
        code: code.trim(),
        name: name.trim(),
        email: email.trim(),
        password,
        language,
      });
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
          <select id={`${id}-language`} value={language} onChange={(e) => setLanguage(e.target.value)}>
            {languages.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.label}
              </option>
            ))}
          </select>
        </div>
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
