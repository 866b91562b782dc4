export * from "./cellValue.ts";
export * from "./columns.ts";
export * from "./meta.ts";
export * from "./position.ts";
export * from "./rows.ts";
export * from "./schema.ts";
export * from "./upgrade.ts";
export * from "./view.ts";
