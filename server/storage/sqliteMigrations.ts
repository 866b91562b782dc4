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
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    email_verified INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT,
    name TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'en',
    is_admin INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret_hash BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    last_verified_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sessions_by_user ON sessions (user_id);
  CREATE TABLE one_time_tokens (
    id TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    secret_hash BLOB NOT NULL,
    data TEXT,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX one_time_tokens_by_user ON one_time_tokens (user_id, purpose);
  CREATE TABLE oauth_accounts (
    provider TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (provider, subject)
  ) STRICT;
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    html TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  `,
  `
  CREATE TABLE groups (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
  ) STRICT;
  CREATE INDEX group_members_by_user ON group_members (user_id);
  CREATE TABLE workspaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    owner_user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    owner_group_id TEXT REFERENCES groups (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    CHECK ((owner_user_id IS NULL) <> (owner_group_id IS NULL))
  ) STRICT;
  CREATE TABLE grants (
    resource_type TEXT NOT NULL CHECK (resource_type IN ('dataset', 'workspace')),
    resource_id TEXT NOT NULL,
    principal_type TEXT NOT NULL CHECK (principal_type IN ('user', 'group')),
    principal_id TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (resource_type, resource_id, principal_type, principal_id)
  ) STRICT;
  CREATE INDEX grants_by_principal ON grants (principal_type, principal_id);
  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    secret_hash BLOB NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    dataset_ids TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT
  ) STRICT;
  CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    secret_hash BLOB NOT NULL,
    invited_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  ALTER TABLE datasets ADD COLUMN workspace_id TEXT REFERENCES workspaces (id) ON DELETE SET NULL;
  -- Datasets made before accounts existed were editable by anyone: they keep that openness.
  ALTER TABLE datasets ADD COLUMN openness TEXT NOT NULL DEFAULT 'public-edit';
  `,
  `
  -- Attribution: who changed what in a canonical document, and when. The update log is compacted
  -- away; this is kept. cells and blocks are space-separated keys.
  CREATE TABLE document_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dataset_id TEXT NOT NULL,
    document TEXT NOT NULL,
    at INTEGER NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'token', 'anonymous', 'proposal', 'server')),
    actor_id TEXT NOT NULL,
    proposal_number INTEGER,
    moderator_id TEXT,
    cells TEXT NOT NULL,
    blocks TEXT NOT NULL,
    structure INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX document_changes_by_dataset ON document_changes (dataset_id, id);
  `,
  `
  -- Every document of a dataset (each epoch, its proposals) carries the dataset's id, so deleting
  -- the dataset deletes them all by id rather than by a name prefix.
  ALTER TABLE document_snapshots ADD COLUMN dataset_id TEXT;
  ALTER TABLE document_updates ADD COLUMN dataset_id TEXT;
  UPDATE document_snapshots SET dataset_id = substr(name, 9, 12) WHERE name GLOB 'dataset.????????????.*';
  UPDATE document_updates SET dataset_id = substr(name, 9, 12) WHERE name GLOB 'dataset.????????????.*';
  CREATE INDEX document_snapshots_by_dataset ON document_snapshots (dataset_id);
  CREATE INDEX document_updates_by_dataset ON document_updates (dataset_id);
  `,
  `
  -- The read model: each dataset's published snapshot, derived from its document (rebuildable).
  CREATE TABLE read_snapshots (
    dataset_id TEXT PRIMARY KEY,
    etag TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    built_at TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    formats TEXT NOT NULL
  ) STRICT;
  CREATE TABLE read_snapshot_files (
    dataset_id TEXT NOT NULL,
    format TEXT NOT NULL,
    body BLOB NOT NULL,
    body_gzip BLOB NOT NULL,
    body_br BLOB NOT NULL,
    PRIMARY KEY (dataset_id, format)
  ) STRICT;
  `,
  `
  -- Proposals (docs/PROPOSALS.md): their changes live in their own document, proposal.<dataset>.<id>.
  CREATE TABLE contributors (
    id TEXT PRIMARY KEY,
    secret_hash BLOB NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    epoch INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'partly-accepted', 'accepted', 'rejected', 'withdrawn')),
    author_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    contributor_id TEXT REFERENCES contributors (id) ON DELETE SET NULL,
    nickname TEXT,
    email TEXT,
    message TEXT NOT NULL DEFAULT '',
    secret_hash BLOB NOT NULL,
    decision_message TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    submitted_at TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (dataset_id, number)
  ) STRICT;
  CREATE INDEX proposals_by_contributor ON proposals (contributor_id, status);
  CREATE INDEX proposals_by_author ON proposals (author_user_id, status);
  CREATE TABLE proposal_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    change_id TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    proposed TEXT NOT NULL,
    applied TEXT NOT NULL,
    moderator_id TEXT NOT NULL,
    at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX proposal_decisions_by_proposal ON proposal_decisions (proposal_id, id);
  `,
  `
  -- In-app notifications: when each moderator last looked at each dataset's proposals.
  CREATE TABLE notification_reads (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (user_id, dataset_id)
  ) STRICT;
  `,
  `
  -- The language a contributor's emails are written in; the durable queue of outgoing email.
  ALTER TABLE proposals ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
  CREATE TABLE mail_queue (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    html TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at);
  `,
  `
  -- Contributors a dataset's moderators blocked: "c:<contributor id>" or "u:<user id>".
  CREATE TABLE blocked_contributors (
    dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    contributor_key TEXT NOT NULL,
    blocked_by TEXT NOT NULL,
    blocked_at TEXT NOT NULL,
    PRIMARY KEY (dataset_id, contributor_key)
  ) STRICT;
  `,
  `
  -- The conversation on a proposal between its moderators and its contributor.
  CREATE TABLE proposal_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    author_role TEXT NOT NULL CHECK (author_role IN ('moderator', 'contributor')),
    author_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    author_name TEXT,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX proposal_comments_by_proposal ON proposal_comments (proposal_id, id);
  `,
  `
  -- Moderators' email about new proposals (P26): their default and per-dataset choices, and the
  -- proposals waiting for their daily digest.
  CREATE TABLE proposal_mail_defaults (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    choice TEXT NOT NULL CHECK (choice IN ('immediate', 'digest', 'none'))
  ) STRICT;
  CREATE TABLE proposal_mail_choices (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    choice TEXT NOT NULL CHECK (choice IN ('immediate', 'digest', 'none')),
    PRIMARY KEY (user_id, dataset_id)
  ) STRICT;
  CREATE TABLE proposal_digest_items (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, proposal_id)
  ) STRICT;
  CREATE INDEX proposal_digest_items_due ON proposal_digest_items (added_at);
  `,
  `
  -- Webhooks: each dataset's endpoints (secret sealed with the server's key), the durable queue and
  -- log of their deliveries, and the last change already told to a dataset's endpoints.
  CREATE TABLE webhook_endpoints (
    id TEXT PRIMARY KEY,
    dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    secret BLOB NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX webhook_endpoints_by_dataset ON webhook_endpoints (dataset_id);
  CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    message_id TEXT NOT NULL,
    event TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_attempt_at INTEGER,
    next_attempt_at INTEGER,
    status_code INTEGER,
    error TEXT
  ) STRICT;
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
  CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);
  CREATE TABLE webhook_cursors (
    dataset_id TEXT PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
    last_change_id INTEGER NOT NULL
  ) STRICT;
  `,
  `
  -- Imports running in a worker thread (server/import/importJobs.ts): state and progress, so that
  -- a reloaded page finds its import and a restart marks the ones it interrupted.
  CREATE TABLE import_jobs (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('create', 'update')),
    state TEXT NOT NULL,
    file_name TEXT NOT NULL,
    unit TEXT NOT NULL,
    done INTEGER,
    total INTEGER NOT NULL,
    dataset_id TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX import_jobs_unfinished ON import_jobs (state) WHERE state NOT IN ('done', 'failed', 'cancelled');
  `,
  `
  -- The sites allowed to show a dataset's embed in a frame (CSP frame-ancestors); none: any site.
  CREATE TABLE embed_sites (
    dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    site TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, site)
  ) STRICT;
  `,
  `
  -- What each proposal's document held when last stored or read, so that the moderators' queue
  -- counts changes and conflicts without loading every proposal's document (issue 9).
  CREATE TABLE proposal_contents (
    proposal_id TEXT PRIMARY KEY REFERENCES proposals (id) ON DELETE CASCADE,
    content TEXT NOT NULL
  ) STRICT;
  `,
  `
  -- Why a webhook delivery failed, as a code the settings page words in the reader's language.
  ALTER TABLE webhook_deliveries ADD COLUMN error_code TEXT;
  `,
  `
  -- The bell reads the proposals waiting for a decision on every dataset a moderator moderates.
  CREATE INDEX proposals_by_status ON proposals (status, dataset_id);
  `,
  `
  -- The salted hash of the address an anonymous proposal came from (never the address), so that
  -- blocking its contributor also refuses that address while the hash lasts (P23).
  CREATE TABLE proposal_addresses (
    proposal_id TEXT PRIMARY KEY REFERENCES proposals (id) ON DELETE CASCADE,
    address_hash TEXT NOT NULL
  ) STRICT;
  `,
  `
  -- The proposal a block was made from, for the moderators' list of blocked contributors (P23);
  -- blocks made before are given their contributor's (or address's) latest proposal on the dataset.
  ALTER TABLE blocked_contributors ADD COLUMN proposal_id TEXT REFERENCES proposals (id) ON DELETE CASCADE;
  UPDATE blocked_contributors SET proposal_id = (
    SELECT p.id FROM proposals p
    WHERE p.dataset_id = blocked_contributors.dataset_id AND (
      (substr(contributor_key, 1, 2) = 'c:' AND p.contributor_id = substr(contributor_key, 3))
      OR (substr(contributor_key, 1, 2) = 'u:' AND p.author_user_id = substr(contributor_key, 3))
      OR (substr(contributor_key, 1, 2) = 'a:' AND p.id IN
        (SELECT proposal_id FROM proposal_addresses WHERE address_hash = substr(contributor_key, 3))))
    ORDER BY p.number DESC LIMIT 1);
  `,
  `
  -- When the server paused a webhook endpoint whose deliveries kept failing (NULL: it did not).
  ALTER TABLE webhook_endpoints ADD COLUMN suspended_at TEXT;
  `,
  `
  -- Why an import job failed, as a code the page says in the reader's language (error: in English).
  ALTER TABLE import_jobs ADD COLUMN error_code TEXT;
  `,
  `
  -- The values of a failed import job's reason (JSON: line, column, name…), to say it in the reader's language.
  ALTER TABLE import_jobs ADD COLUMN error_params TEXT;
  `,
  `
  -- Published snapshots' files moved out of the database into files beside it (snapshotFiles.ts):
  -- their ~10 MB rewrites per rebuild of a large dataset held the server's thread. Derived data,
  -- so nothing is moved: every snapshot is rebuilt on start.
  DROP TABLE read_snapshot_files;
  DELETE FROM read_snapshots;
  ALTER TABLE read_snapshots ADD COLUMN model_bytes INTEGER NOT NULL DEFAULT 0;
  `,
];
