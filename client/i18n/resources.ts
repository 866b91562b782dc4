/**
 * The translation files as i18next resources, and their type. English is the reference: its files
 * type the keys (see i18next.d.ts), and `locales.test.ts` checks every other language has the same.
 */
import type accounts from "../locales/en/accounts.json";
import type app from "../locales/en/app.json";
import type cellError from "../locales/en/cellError.json";
import type columnsDialog from "../locales/en/columnsDialog.json";
import type comments from "../locales/en/comments.json";
import type connection from "../locales/en/connection.json";
import type dataset from "../locales/en/dataset.json";
import type filters from "../locales/en/filters.json";
import type follow from "../locales/en/follow.json";
import type home from "../locales/en/home.json";
import type importFile from "../locales/en/import.json";
import type notifications from "../locales/en/notifications.json";
import type presence from "../locales/en/presence.json";
import type proposals from "../locales/en/proposals.json";
import type share from "../locales/en/share.json";
import type suggest from "../locales/en/suggest.json";
import type types from "../locales/en/types.json";
import type values from "../locales/en/values.json";
import type webhooks from "../locales/en/webhooks.json";

export type Resources = {
  accounts: typeof accounts;
  app: typeof app;
  cellError: typeof cellError;
  columnsDialog: typeof columnsDialog;
  comments: typeof comments;
  connection: typeof connection;
  dataset: typeof dataset;
  filters: typeof filters;
  follow: typeof follow;
  home: typeof home;
  import: typeof importFile;
  notifications: typeof notifications;
  presence: typeof presence;
  proposals: typeof proposals;
  share: typeof share;
  suggest: typeof suggest;
  types: typeof types;
  values: typeof values;
  webhooks: typeof webhooks;
};

const FILE = /\/locales\/([^/]+)\/([^/]+)\.json$/;

/** `{ "../locales/fr/home.json": {...} }` → `{ fr: { translation: { home: {...} } } }`. */
export function resourcesFromFiles(files: Record<string, Record<string, unknown>>) {
  const out: Record<string, { translation: Resources }> = {};
  for (const [path, tree] of Object.entries(files)) {
    const match = FILE.exec(path);
    if (!match) continue;
    const [, language = "", group = ""] = match;
    out[language] ??= { translation: {} as Resources };
    (out[language].translation as Record<string, unknown>)[group] = tree;
  }
  return out;
}

/** The API error codes the account pages have words for. */
export type AccountErrorCode = keyof Resources["accounts"]["errors"];
