/**
 * Errors only the proposals API answers with (`proposalErrorCodes` in shared/api/proposals.ts,
 * documented in docs/API.md). One place turns them into HttpErrors, so that the API's shared list
 * of codes can take them in when it exists.
 */
import type { ProposalErrorCode } from "../../shared/api/proposals.ts";
import { HttpError } from "../api/errors.ts";

export const proposalError = (status: number, code: ProposalErrorCode, message: string) =>
  new HttpError(status, code as ConstructorParameters<typeof HttpError>[1], message);
