/** Work on a dataset's live document through the server's Hocuspocus direct connection, read with a DatasetView. */
import type { Hocuspocus } from "@hocuspocus/server";
import { DatasetView } from "../../shared/dataset/index.ts";
import { notFound } from "./errors.ts";

export async function withLiveDocument<T>(
  hocuspocus: Hocuspocus,
  documentName: string,
  work: (view: DatasetView) => T,
): Promise<T> {
  const connection = await hocuspocus.openDirectConnection(documentName, {});
  try {
    const doc = connection.document;
    if (!doc) throw notFound("dataset");
    const view = new DatasetView(doc);
    try {
      return work(view);
    } finally {
      view.destroy();
    }
  } finally {
    await connection.disconnect();
  }
}
