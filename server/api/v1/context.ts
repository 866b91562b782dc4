/** What the /api/v1 routes share: storage, the live documents, the read model in memory, links. */
import type { Hocuspocus } from "@hocuspocus/server";
import type { FastifyRequest } from "fastify";
import type { DatasetId } from "../../../shared/ids.ts";
import type { ModelCache } from "../../readModel/modelCache.ts";
import type { SnapshotVersion } from "../../storage/readModelTypes.ts";
import type { Storage } from "../../storage/types.ts";
import { datasetFor } from "../datasetAccess.ts";
import { HttpError } from "../errors.ts";

export type V1Context = {
  storage: Storage;
  hocuspocus: Hocuspocus;
  models: ModelCache;
  /** This server's public address (PUBLIC_URL, else the one listened on), for absolute links. */
  baseUrl: () => string;
};

/** A snapshot is built shortly after a dataset is created or the server starts: until then, 503. */
export function snapshotNotReady(): HttpError {
  return new HttpError(
    503,
    "snapshot-not-ready",
    "The dataset's published snapshot is being built; retry in a moment.",
  );
}

export async function readableDataset(context: V1Context, request: FastifyRequest, id: string) {
  return datasetFor(context.storage, request, id, "apiRead");
}

/** Writes need a token with write scope on the dataset (editor or more); no cookie, no visitor. */
export async function writableDataset(context: V1Context, request: FastifyRequest, id: string) {
  if (request.principal.kind !== "token")
    throw new HttpError(401, "token-required", "Writing needs an API token with write scope (Authorization: Bearer).");
  return datasetFor(context.storage, request, id, "apiWrite");
}

export async function currentVersion(context: V1Context, id: DatasetId): Promise<SnapshotVersion> {
  const version = await context.storage.readModel.version(id);
  if (!version) throw snapshotNotReady();
  return version;
}
