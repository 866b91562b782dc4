/** What the /api/v1 routes share: storage, the read model in memory, links; for writes, the live documents. */
import type { Hocuspocus } from "@hocuspocus/server";
import type { FastifyRequest } from "fastify";
import { type DatasetId, isDatasetId } from "../../../shared/ids.ts";
import { can } from "../../../shared/rights.ts";
import type { ProposalMails } from "../../proposals/mails.ts";
import type { ModelCache } from "../../readModel/modelCache.ts";
import { may } from "../../rights/access.ts";
import type { SnapshotVersion } from "../../storage/readModelTypes.ts";
import type { Storage } from "../../storage/types.ts";
import { datasetFor } from "../datasetAccess.ts";
import { HttpError } from "../errors.ts";
import type { RowsPages } from "./rowsPages.ts";

/** What reads need: the API reader process (server/apiReader) has these, and no live document. */
export type V1ReadContext = {
  storage: Storage;
  models: ModelCache;
  /** Rows pages, made once per snapshot version and query (in a worker for large datasets). */
  pages: RowsPages;
  /** This server's public address (PUBLIC_URL, else the one listened on), for absolute links. */
  baseUrl: () => string;
};

/** What writes need besides: the live documents, and proposals' limits and mails. */
export type V1LiveContext = {
  hocuspocus: Hocuspocus;
  /** Writes by those who may only propose become proposals, within the change-set endpoint's limits. */
  proposals: { allowAnonymous: (address: string) => boolean; mails?: ProposalMails };
};

export type V1Context = V1ReadContext & V1LiveContext;

/** A snapshot is built shortly after a dataset is created or the server starts: until then, 503. */
export function snapshotNotReady(): HttpError {
  return new HttpError(
    503,
    "snapshot-not-ready",
    "The dataset's published snapshot is being built; retry in a moment.",
    { "retry-after": "2" },
  );
}

export async function readableDataset(context: V1ReadContext, request: FastifyRequest, id: string) {
  return datasetFor(context.storage, request, id, "apiRead");
}

/**
 * Who may write and how: a token whose role allows editing edits directly; a token of a contributor,
 * or an anonymous caller where proposals are open, files a proposal instead (docs/PROPOSALS.md P27).
 * Anonymous callers never edit directly (401 where they may not propose); reader tokens get 403.
 */
export async function writableDataset(context: V1ReadContext, request: FastifyRequest, id: string) {
  if (request.principal.kind !== "token") {
    const found = isDatasetId(id) ? await context.storage.datasets.get(id) : null;
    if (!found || !(await may(context.storage, request.principal, found, "propose")))
      throw new HttpError(
        401,
        "token-required",
        "Writing needs an API token with write scope (Authorization: Bearer).",
      );
  }
  const { dataset, access } = await datasetFor(context.storage, request, id, "propose");
  return { dataset, direct: request.principal.kind === "token" && can(access, "apiWrite") };
}

export async function currentVersion(context: V1ReadContext, id: DatasetId): Promise<SnapshotVersion> {
  const version = await context.storage.readModel.version(id);
  if (!version) throw snapshotNotReady();
  return version;
}
