import type Database from "better-sqlite3";
import type { EmbedSiteStore } from "./embedSiteTypes.ts";

export function sqliteEmbedSites(db: Database.Database): EmbedSiteStore {
  const list = db.prepare<[string], { site: string }>(
    "SELECT site FROM embed_sites WHERE dataset_id = ? ORDER BY position",
  );
  const clear = db.prepare<[string]>("DELETE FROM embed_sites WHERE dataset_id = ?");
  const insert = db.prepare<[string, string, number]>(
    "INSERT INTO embed_sites (dataset_id, site, position) VALUES (?, ?, ?)",
  );
  const replace = db.transaction((datasetId: string, sites: string[]) => {
    clear.run(datasetId);
    for (const [i, site] of sites.entries()) insert.run(datasetId, site, i);
  });
  return {
    list: (datasetId) => list.all(datasetId).map((r) => r.site),
    replace: (datasetId, sites) => {
      replace(datasetId, sites);
    },
  };
}
