/**
 * Why an import job failed, in the reader's language, from the code the server gave (its English
 * `error` when the code is one this client does not say itself).
 */
import type { TFunction } from "i18next";
import { isImportErrorCode } from "../../../shared/api/importErrors.ts";
import type { ImportJob } from "../../../shared/api/importJobs.ts";

const SAID = ["interrupted", "interrupted-writing", "dataset-changed", "no-dataset", "too-large", "internal"];

export function jobErrorText(t: TFunction, { errorCode, errorParams, error, kind }: ImportJob): string {
  const message = error ?? "";
  if (errorCode === "forbidden") return t(`import.jobError.forbidden-${kind}`, { defaultValue: message });
  if (errorCode && SAID.includes(errorCode)) return t(`import.jobError.${errorCode}`, { defaultValue: message });
  // The reader's own reason, with the values it names (jobs stored before they were kept have none).
  if (isImportErrorCode(errorCode) && errorParams) {
    const { context, ...params } = errorParams;
    return t(`import.reasons.${errorCode}`, {
      ...params,
      ...(context === undefined ? {} : { context: String(context) }),
      defaultValue: message,
    });
  }
  return message;
}
