/**
 * A problem of an imported file in the reader's language, from its code and parameters (the
 * server's English `message` when the code is one this client does not know).
 */
import type { TFunction } from "i18next";
import type { SourceProblem } from "../../../shared/api/imports.ts";

export function problemText(t: TFunction, problem: SourceProblem): string {
  const { code, line, params, message } = problem;
  const say = (key: string, values: Record<string, unknown> = {}) =>
    t(`import.problem.${key}`, { ...params, ...values, defaultValue: message });
  switch (code) {
    case "ragged-row":
      if (line === null) return say("raggedTotal", { count: Number(params.count) });
      return Number(params.fields) < Number(params.expected)
        ? say("raggedShort", { count: Number(params.expected) - Number(params.fields) })
        : say("raggedLong");
    case "bad-quotes":
      return say(params.reason === "MissingQuotes" ? "unclosedQuote" : "badQuote");
    case "renamed-column":
      return say(params.from === "" ? "unnamedColumn" : "renamedColumn");
    case "skipped-rows":
      return say("skippedRows", { count: Number(params.count) });
    case "merged-cells":
      return say("mergedCells", { count: Number(params.count) });
    case "formula-error":
      return say("formulaError");
    case "not-a-point":
      return say(params.geometry ? "notAPoint" : "noGeometry");
    case "not-a-record":
      return say("notARecord");
    default:
      return message;
  }
}
