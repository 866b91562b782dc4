/**
 * Content a reader met outside the schema and skipped. The server checks updates before applying
 * them, but a stored document may still hold such content (written before a rule existed, or
 * through a gap in one): readers skip it, keep every valid row readable, and report it here so the
 * server can log it and an owner can be offered a repair.
 */
export type Problem = { where: "blocks" | "cells" | "columns" | "meta"; key: string; reason: string };

export type ReportProblem = (problem: Problem) => void;

/** Problems listed at most at once: a hostile document may hold millions. */
export const MAX_PROBLEMS = 100;
