import type { ImportErrorCode, ImportErrorParams, ImportErrorReason } from "../../shared/api/importErrors.ts";

/** A file that cannot be imported, with a message for the person who brought it. */
export class ImportError extends Error {
  /** A stable code for clients and tests (`empty-file`, `not-a-workbook`, `zip-too-large`…). */
  readonly code: ImportErrorCode;
  /** The values the message names, and its `context` when the code has several wordings: clients translate with them. */
  readonly params: ImportErrorParams;
  constructor(code: ImportErrorCode, message: string, params: ImportErrorParams = {}) {
    super(message);
    this.code = code;
    this.params = params;
  }

  get reason(): ImportErrorReason {
    return { code: this.code, params: this.params };
  }
}
