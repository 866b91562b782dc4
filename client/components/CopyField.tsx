/** A value to copy (a token, a link): read-only, selected on focus, with a Copy button and its announcement. */
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { StatusMessage } from "../session/ui.tsx";

/** `showLabel`: the label above the field, not only for screen readers. */
export function CopyField({ value, label, showLabel = false }: { value: string; label: string; showLabel?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState<string | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(t("accounts.tokens.copied"));
    } catch {
      setCopied(t("accounts.tokens.copyFailed"));
    }
  }

  return (
    <>
      {showLabel && <label htmlFor={id}>{label}</label>}
      <div className="token-copy">
        <input
          id={id}
          readOnly
          value={value}
          aria-label={showLabel ? undefined : label}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={() => void copy()}>
          {t("accounts.tokens.copy")}
        </button>
      </div>
      <StatusMessage>{copied}</StatusMessage>
    </>
  );
}
