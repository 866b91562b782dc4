/** The fields of a new account (sign-up, and the first administrator's setup): name, email, password, language. */

import type { TFunction } from "i18next";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { PASSWORD_MIN } from "../../../shared/api/auth.ts";
import type { Language } from "../../i18n/index.ts";
import { languages } from "../../i18n/index.ts";
import { Field } from "../../session/ui.tsx";

export type NewAccount = { name: string; email: string; password: string; language: Language };
type TypedField = "name" | "email" | "password";
/** The field a check found wrong; `attempt` counts the checks, so each one moves the focus again. */
export type WrongField = { field: TypedField; attempt: number };

/**
 * The account being typed; `problem()` checks it, returns what is wrong (a translated sentence) or
 * null, and marks the first wrong field (`wrong`, for NewAccountFields).
 */
export function useNewAccount() {
  const { t, i18n } = useTranslation();
  const [account, setAccount] = useState<NewAccount>({
    name: "",
    email: "",
    password: "",
    language: i18n.resolvedLanguage ?? "en",
  });
  const [wrong, setWrong] = useState<WrongField | null>(null);
  const problem = useCallback((): string | null => {
    const found = firstProblem(account, t);
    if (!found) {
      setWrong(null);
      return null;
    }
    setWrong((last) => ({ field: found.field, attempt: (last?.attempt ?? 0) + 1 }));
    return found.message;
  }, [account, t]);
  /** What to send: trimmed. */
  const trimmed = { ...account, name: account.name.trim(), email: account.email.trim() };
  return { account, setAccount, problem, wrong, trimmed };
}

function firstProblem(account: NewAccount, t: TFunction): { field: TypedField; message: string } | null {
  const empty = (["name", "email", "password"] as const).find((field) => !account[field].trim());
  if (empty) return { field: empty, message: t("accounts.errors.fillEveryField") };
  if (!/^[^\s@]+@[^\s@]+$/.test(account.email.trim()))
    return { field: "email", message: t("accounts.errors.invalidEmail") };
  if (account.password.length < PASSWORD_MIN)
    return { field: "password", message: t("accounts.errors.passwordTooShort", { min: PASSWORD_MIN }) };
  return null;
}

export function NewAccountFields({
  account,
  onChange,
  wrong,
}: {
  account: NewAccount;
  onChange: (update: (account: NewAccount) => NewAccount) => void;
  /** The field the last check found wrong: marked invalid, and focused after each check. */
  wrong: WrongField | null;
}) {
  const { t } = useTranslation();
  const id = useId();
  const inputs = useRef<Partial<Record<TypedField, HTMLInputElement | null>>>({});
  useEffect(() => {
    if (wrong) inputs.current[wrong.field]?.focus();
  }, [wrong]);
  const typed = (field: TypedField) => ({
    ref: (input: HTMLInputElement | null) => {
      inputs.current[field] = input;
    },
    "aria-invalid": wrong?.field === field ? true : undefined,
  });
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
        {...typed("name")}
        required
      />
      <Field
        label={t("accounts.fields.email")}
        type="email"
        autoComplete="email"
        value={account.email}
        onChange={set("email")}
        {...typed("email")}
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
        {...typed("password")}
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
