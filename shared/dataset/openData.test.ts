import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { metaMap } from "./maps.ts";
import { readMeta, updateMeta } from "./meta.ts";
import { findOpenLicence, frequencyUri, licenceOf, openLicences } from "./openData.ts";
import type { Problem } from "./problems.ts";

describe("licences", () => {
  it("recognises the open licences by id, title, URL (scheme and trailing slash aside) and usual names", () => {
    expect(findOpenLicence("ODbL-1.0")?.id).toBe("ODbL-1.0");
    expect(findOpenLicence("odbl")?.id).toBe("ODbL-1.0");
    expect(findOpenLicence("etalab-2.0")?.id).toBe("etalab-2.0");
    expect(findOpenLicence("Licence Ouverte 2.0")?.id).toBe("etalab-2.0");
    expect(findOpenLicence("http://creativecommons.org/licenses/by/4.0")?.id).toBe("CC-BY-4.0");
    expect(findOpenLicence("CC BY-SA 4.0")?.id).toBe("CC-BY-SA-4.0");
    expect(findOpenLicence("cc0-1.0")?.id).toBe("CC0-1.0");
    expect(findOpenLicence("My own terms")).toBeNull();
    expect(findOpenLicence("")).toBeNull();
  });

  it("an older dataset keeps the words it had, and gets the URL of the licence they name", () => {
    expect(licenceOf({ licence: "ODbL-1.0", licenceUrl: "" })).toEqual({
      known: openLicences.find((l) => l.id === "ODbL-1.0"),
      title: "ODbL-1.0",
      url: "https://opendatacommons.org/licenses/odbl/1-0/",
    });
    expect(licenceOf({ licence: "Free for schools", licenceUrl: "" })).toEqual({
      known: null,
      title: "Free for schools",
      url: "",
    });
  });

  it("a licence given with its own URL is that one, whatever the title says", () => {
    const other = licenceOf({ licence: "ODbL-1.0", licenceUrl: "https://example.org/terms" });
    expect(other).toEqual({ known: null, title: "ODbL-1.0", url: "https://example.org/terms" });
    expect(licenceOf({ licence: "", licenceUrl: "https://creativecommons.org/publicdomain/zero/1.0/" }).title).toBe(
      "Creative Commons Zero 1.0 (CC0 1.0)",
    );
  });
});

describe("open-data metadata in the document", () => {
  it("stores frequency and area covered, and reads an unknown frequency as none (reported)", () => {
    const doc = new Y.Doc();
    updateMeta(doc, { frequency: "WEEKLY", spatial: "Lyon", spatialUri: "https://www.geonames.org/2996944" }, null);
    expect(readMeta(doc)).toMatchObject({
      frequency: "WEEKLY",
      spatial: "Lyon",
      spatialUri: "https://www.geonames.org/2996944",
    });
    expect(frequencyUri("WEEKLY")).toBe("http://publications.europa.eu/resource/authority/frequency/WEEKLY");

    metaMap(doc).set("frequency", "every blue moon");
    const problems: Problem[] = [];
    expect(readMeta(doc, (p) => problems.push(p)).frequency).toBe("");
    expect(problems).toEqual([{ where: "meta", key: "frequency", reason: "not a known update frequency" }]);
  });
});
