/**
 * Why an import job failed, in the reader's language, from the code the server gave (its English
 * `error` when the code is one this client does not say itself, such as a value naming its line).
 */
import type { TFunction } from "i18next";
import type { ImportJob } from "../../../shared/api/importJobs.ts";

const SAID = ["interrupted", "interrupted-writing", "dataset-changed", "no-dataset", "too-large", "internal"];

export function jobErrorText(t: TFunction, { errorCode, error, kind }: ImportJob): string {
  const message = error ?? "";
  if (errorCode === "forbidden") return t(`import.jobError.forbidden-${kind}`, { defaultValue: message });
  if (errorCode && SAID.includes(errorCode)) return t(`import.jobError.${errorCode}`, { defaultValue: message });
  return message;
}
