/**
 * The key rate limits count a client address under: its salted hash (server/privacy/addressHash.ts),
 * so the limiters' memory holds no address. IPv6 addresses count by their /64, as
 * @fastify/rate-limit's own key does, so one host cannot walk its subnet around a limit.
 */
import { normalizeIP } from "@fastify/rate-limit";
import type { FastifyRequest } from "fastify";
import { hashAddress } from "../privacy/addressHash.ts";

export const addressLimitKey =
  (scope: string) =>
  (request: FastifyRequest): string =>
    addressKey(scope, request.ip);

/** The key of `address` in `scope`, salted with this process's salt. */
export const addressKey = (scope: string, address: string): string => `${scope}:${hashAddress(normalizeIP(address))}`;
