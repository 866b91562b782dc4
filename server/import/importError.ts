/** A file that cannot be imported, with a message for the person who brought it. */
export class ImportError extends Error {
  /** A stable code for clients and tests (`empty-file`, `not-a-workbook`, `zip-too-large`…). */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
