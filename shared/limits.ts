/** Limits shared by the client (to refuse early, with a message) and the server (to enforce). */
export const limits = {
  /** Characters in one cell value. */
  maxCellChars: 32_768,
  /** Live columns in one dataset. */
  maxColumns: 500,
  /** Characters in a column name. */
  maxColumnNameChars: 200,
  /** Characters in one block of inserted rows, as stored in the document. */
  maxBlockChars: 8 * 1024 * 1024,
  /** Characters in a metadata field (title, description, source, licence). */
  maxMetaChars: 10_000,
} as const;
