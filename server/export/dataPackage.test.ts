import { describe, expect, it } from "vitest";
import { emptyMeta } from "../../shared/dataset/index.ts";
import { dataPackageDescriptor } from "./dataPackage.ts";

const licensesOf = (meta: Partial<ReturnType<typeof emptyMeta>>) =>
  dataPackageDescriptor({ meta: { ...emptyMeta(), title: "t", ...meta }, columns: [], rows: [] }).licenses;

describe("a data package's licence", () => {
  it("is an open licence's id, URL and title; another licence's URL and title; words alone a name", () => {
    expect(licensesOf({ licence: "ODbL-1.0" })).toEqual([
      {
        name: "ODbL-1.0",
        path: "https://opendatacommons.org/licenses/odbl/1-0/",
        title: "Open Database License (ODbL) 1.0",
      },
    ]);
    expect(licensesOf({ licence: "Own terms", licenceUrl: "https://example.org/terms" })).toEqual([
      { path: "https://example.org/terms", title: "Own terms" },
    ]);
    expect(licensesOf({ licence: "Free for schools" })).toEqual([
      { name: "free-for-schools", title: "Free for schools" },
    ]);
    expect(licensesOf({})).toBeUndefined();
  });
});
