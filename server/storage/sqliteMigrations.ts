/** Versioned schema migrations for the SQLite storage. Append only: never edit a released step. */
export const sqliteMigrations: string[] = [
  `
  CREATE TABLE datasets (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    epoch INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE document_snapshots (
    name TEXT PRIMARY KEY,
    state BLOB NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE document_updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    update_data BLOB NOT NULL
  ) STRICT;
  CREATE INDEX document_updates_by_name ON document_updates (name, id);
  `,
];
