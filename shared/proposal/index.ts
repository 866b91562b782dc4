export * from "./changes.ts";
export * from "./schema.ts";
export * from "./undo.ts";
export { checkProposalUpdate, type ProposalUpdateEffect } from "./updateRules.ts";
