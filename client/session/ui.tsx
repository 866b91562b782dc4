/** Small pieces shared by the account pages: labelled fields, announced messages, error texts, dates. */
import { type InputHTMLAttributes, type ReactNode, useCallback, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api.ts";
import { currentLocale } from "../i18n/index.ts";
import type { AccountErrorCode } from "../i18n/resources.ts";

/** An input with its label above it (and an optional hint read with it). */
export function Field({
  label,
  hint,
  ...input
}: { label: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {hint && (
        <span id={`${id}-hint`} className="muted">
          {hint}
        </span>
      )}
    </div>
  );
}

/** An error, announced as soon as it appears. */
export function ErrorMessage({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p role="alert" className="error">
      {children}
    </p>
  );
}

/** A success or progress message, announced politely. Always rendered so screen readers notice changes. */
export function StatusMessage({ children, className = "success" }: { children: ReactNode; className?: string }) {
  return (
    <p role="status" className={children ? className : "visually-hidden"}>
      {children}
    </p>
  );
}

/** The translated text for an error from the API (known codes), or its message. */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown): string => {
      if (error instanceof ApiError) {
        if (i18n.exists(`accounts.errors.${error.code}`)) return t(`accounts.errors.${error.code as AccountErrorCode}`);
        return t("accounts.errors.other", { message: error.message });
      }
      return t("accounts.errors.network");
    },
    [t, i18n],
  );
}

/**
 * One form's submission: `busy` while `run`'s work goes on, then its success message in `done` or
 * the translated error in `error`. `fail` shows a check's message without running anything.
 */
export function useFormAction() {
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useCallback(
    async (work: () => Promise<string | null>) => {
      setBusy(true);
      setError(null);
      setDone(null);
      try {
        setDone(await work());
      } catch (e) {
        setError(errorText(e));
      } finally {
        setBusy(false);
      }
    },
    [errorText],
  );
  const fail = useCallback((message: string) => {
    setDone(null);
    setError(message);
  }, []);
  return { busy, error, done, run, fail };
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

/** Sets the window title to `title · Data Patch`. */
export function usePageTitle(title: string) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · ${t("app.name")}`;
  }, [title, t]);
}
