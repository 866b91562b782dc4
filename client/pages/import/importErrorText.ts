/**
 * Why a file or link could not be imported, in the reader's language: the server's reason
 * (`import.reasons.<code>`, its params and context) when this client knows it, else what any error
 * of the API says (useErrorText: known codes, the server's message, or the server not reachable).
 */
import type { TFunction } from "i18next";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { ImportErrorReason } from "../../../shared/api/importErrors.ts";
import { ApiError } from "../../api.ts";
import { useErrorText } from "../../session/ui.tsx";

export function reasonText(t: TFunction, exists: (key: string) => boolean, reason: ImportErrorReason): string | null {
  const key = `import.reasons.${reason.code}` as const;
  if (!exists(key)) return null;
  const { context, ...params } = reason.params;
  return t(key, { ...params, ...(context === undefined ? {} : { context: String(context) }) });
}

export function useImportErrorText() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  return useCallback(
    (error: unknown): string => {
      const reason = error instanceof ApiError ? error.reason : undefined;
      return (reason && reasonText(t, (key) => i18n.exists(key), reason)) ?? errorText(error);
    },
    [t, i18n, errorText],
  );
}
