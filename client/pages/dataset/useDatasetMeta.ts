/** The dataset's metadata (title, description, source, licence, keywords), live: local and remote edits alike. */
import { useEffect, useState } from "react";
import type { DatasetMeta } from "../../../shared/dataset/index.ts";
import type { DatasetSession } from "../../collab/datasetSession.ts";

export function useDatasetMeta(session: DatasetSession): DatasetMeta {
  const [meta, setMeta] = useState(() => session.view.meta());
  useEffect(() => {
    setMeta(session.view.meta());
    return session.view.onChange((change) => {
      if (change.metaChanged) setMeta(session.view.meta());
    });
  }, [session]);
  return meta;
}
