/** The fields of a new account (sign-up, and the first administrator's setup): name, email, password, language. */
import { useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { PASSWORD_MIN } from "../../../shared/api/auth.ts";
import type { Language } from "../../i18n/index.ts";
import { languages } from "../../i18n/index.ts";
import { Field } from "../../session/ui.tsx";

export type NewAccount = { name: string; email: string; password: string; language: Language };

/** The account being typed, and what is wrong with it (a translated sentence), if anything. */
export function useNewAccount() {
  const { t, i18n } = useTranslation();
  const [account, setAccount] = useState<NewAccount>({
    name: "",
    email: "",
    password: "",
    language: i18n.resolvedLanguage ?? "en",
  });
  const problem = useCallback((): string | null => {
    if (!account.name.trim() || !account.email.trim() || !account.password) return t("accounts.errors.fillEveryField");
    if (!/^[^\s@]+@[^\s@]+$/.test(account.email.trim())) return t("accounts.errors.invalidEmail");
    if (account.password.length < PASSWORD_MIN) return t("accounts.errors.passwordTooShort", { min: PASSWORD_MIN });
    return null;
  }, [account, t]);
  /** What to send: trimmed. */
  const trimmed = { ...account, name: account.name.trim(), email: account.email.trim() };
  return { account, setAccount, problem, trimmed };
}

export function NewAccountFields({
  account,
  onChange,
}: {
  account: NewAccount;
  onChange: (update: (account: NewAccount) => NewAccount) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const set = (key: keyof NewAccount) => (e: { target: { value: string } }) =>
    onChange((a) => ({ ...a, [key]: e.target.value }));
  return (
    <>
      <Field
        label={t("accounts.fields.name")}
        autoComplete="name"
        value={account.name}
        maxLength={100}
        onChange={set("name")}
        required
      />
      <Field
        label={t("accounts.fields.email")}
        type="email"
        autoComplete="email"
        value={account.email}
        onChange={set("email")}
        required
      />
      <Field
        label={t("accounts.fields.password")}
        hint={t("accounts.fields.passwordHint", { min: PASSWORD_MIN })}
        type="password"
        autoComplete="new-password"
        minLength={PASSWORD_MIN}
        value={account.password}
        onChange={set("password")}
        required
      />
      <div className="field">
        <label htmlFor={`${id}-language`}>{t("accounts.fields.language")}</label>
        <select id={`${id}-language`} value={account.language} onChange={set("language")}>
          {languages.map((l) => (
            <option key={l.code} value={l.code} lang={l.code}>
              {l.label}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
