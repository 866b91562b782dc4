import { describe, expect, it } from "vitest";
import { completeChoices, convertRows, proposePlan } from "./convert.ts";
import { readCsv } from "./csv.ts";
import { inferColumn, isNumber } from "./inferTypes.ts";
import { readJson } from "./json.ts";
import { applyTableSchema, parseTableSchema } from "./tableSchema.ts";
import { dataFile } from "./testing/data.ts";

const typeOf = (name: string, values: (string | number | null)[], locale = "fr") =>
  inferColumn(name, values, { locale }).type;

describe("inferColumn", () => {
  it("reads each type with the project's own parsers", () => {
    expect(typeOf("n", ["1", "2,5", "-3", "1 234,5"])).toBe("number");
    expect(typeOf("ok", ["oui", "non", "Oui", ""])).toBe("boolean");
    expect(typeOf("d", ["2020-05-01", "2021-12-31"])).toBe("date");
    expect(typeOf("site", ["https://example.org", "http://a.fr/x"])).toBe("url");
    expect(typeOf("mail", ["a@b.fr", "c.d@e.org"])).toBe("email");
    expect(typeOf("lat", ["46.1", "-12.5"])).toBe("latitude");
    expect(typeOf("longitude", ["5.8", "170"])).toBe("longitude");
    expect(typeOf("lat", ["146.1", "12.5"])).toBe("number");
    expect(
      typeOf(
        "type",
        Array.from({ length: 30 }, (_, i) => ["Mairie", "Médiathèque", "Café"][i % 3] as string),
      ),
    ).toBe("choice");
    expect(typeOf("nom", ["Mairie", "Médiathèque", "Café"])).toBe("text");
    expect(typeOf("vide", [null, ""])).toBe("text");
  });

  it("yes/no only for one pair of words: letters that are boolean words by chance stay what they are", () => {
    expect(typeOf("accessible", ["Y", "N", "y", ""])).toBe("boolean");
    expect(typeOf("wifi", ["x", "", "x"])).toBe("boolean");
    expect(typeOf("rdv", ["Oui", "oui"])).toBe("boolean");
    const compass = Array.from({ length: 40 }, (_, i) => ["N", "S", "O", "N", "S"][i % 5] as string);
    expect(typeOf("orientation", [...compass, "E"])).toBe("choice");
    expect(typeOf("taille", ["S", "S", "S"])).not.toBe("boolean");
    expect(typeOf("ok", ["yes", "y", "no"])).not.toBe("boolean");
  });

  it("dates in the order the importer's locale writes them, else the order that fits", () => {
    expect(inferColumn("d", ["02/03/2021", "25/12/2021"], { locale: "en-US" })).toMatchObject({
      type: "date",
      dateLocale: "en-GB",
    });
    expect(inferColumn("d", ["02/03/2021"], { locale: "fr" })).toMatchObject({ type: "date", dateLocale: "fr" });
  });

  it("codes with digits stay text: leading zeros, phone numbers, SIRET, postcodes", () => {
    expect(typeOf("cp", ["01200", "75001"])).toBe("text");
    expect(typeOf("commune", ["01033", "21231"])).toBe("text");
    expect(typeOf("tel", ["04 50 56 87 49", "03 73 27 51 57"])).toBe("text");
    expect(typeOf("contact", ["+33180059880"])).toBe("text");
    expect(typeOf("pivot", ["77556026100015"])).toBe("text");
    expect(typeOf("insee", ["21231", "25056", "39300"])).toBe("text");
    expect(typeOf("code_postal", ["51100"])).toBe("text");
    expect(isNumber("0,5")).toBe(true);
    expect(isNumber("1 234 567")).toBe(true);
    expect(isNumber("12 34")).toBe(false);
  });

  it("95% of the values decide; the others are listed with their line and kept as text", () => {
    const values = [...Array.from({ length: 39 }, (_, i) => String(i + 1)), "n/a"];
    const table = { names: ["n"], rows: values.map((v) => [v]), lines: values.map((_, i) => i + 2), problems: [] };
    const plans = proposePlan(table);
    expect(plans[0]?.type).toBe("number");
    const { rows, problems } = convertRows(table, plans);
    expect(rows.at(-1)).toEqual(["n/a"]);
    expect(rows[0]).toEqual([1]);
    expect(problems).toEqual([
      { column: "n", count: 1, examples: [{ line: 41, value: "n/a", error: "not-a-number" }] },
    ]);
  });

  it("JSON text stays text even when it looks like a number; JSON numbers are numbers", () => {
    expect(inferColumn("x", ["13011", "26000"], { typed: true }).type).toBe("text");
    expect(inferColumn("prix", [1.5, 2], { typed: true }).type).toBe("number");
  });
});

describe("real files", () => {
  it("france-services-2022.csv: the right types and stored values", () => {
    const table = readCsv(dataFile("places/france-services-2022.csv"));
    const plans = proposePlan(table, { locale: "fr" });
    const types = Object.fromEntries(plans.map((p) => [p.name, p.type]));
    expect(types).toMatchObject({
      insee_dep: "text",
      insee_com: "text",
      code_postal: "text",
      latitude: "latitude",
      longitude: "longitude",
      mail: "email",
      telephone: "text",
      itinerance: "boolean",
    });
    const { rows, problems } = convertRows(table, plans, { locale: "fr" });
    const column = (name: string) => plans.findIndex((p) => p.name === name);
    expect(rows[0]?.[column("code_postal")]).toBe("01200");
    expect(rows[0]?.[column("telephone")]).toBe("04 50 56 87 49");
    expect(rows[0]?.[column("latitude")]).toBe(46.1060711578546);
    // 30 rows lack coordinates: empty, not an error.
    expect(rows.filter((r) => r[column("latitude")] === null)).toHaveLength(30);
    expect(problems.map((p) => p.column)).toEqual(["mail"]);
  });

  it("bfc-ternum with its Table Schema: the schema's types and titles win", () => {
    const table = readCsv(dataFile("places/bfc-ternum/csv/bfc-ternum-dataset.csv"));
    const schema = parseTableSchema(JSON.parse(dataFile("places/bfc-ternum/json/bfc-ternum-schema.json").toString()));
    const plans = applyTableSchema(proposePlan(table, { locale: "fr" }), schema);
    const byName = Object.fromEntries(plans.map((p) => [p.name, p]));
    expect(plans).toHaveLength(29);
    expect(byName.mise_a_jour).toMatchObject({ type: "text", description: "Date de mise à jour" });
    expect(byName.lat).toMatchObject({ type: "latitude", description: "Latitude" });
    expect(byName.departement?.type).toBe("text");
    expect(byName.code_postal?.type).toBe("text");
    const { rows } = convertRows(table, plans);
    expect(rows).toHaveLength(697);
    expect(rows[0]?.slice(0, 4)).toEqual(["mednumBFC_TL_1_", "02/03/2021", 5.049559, 47.364205]);
  });

  it("conseillers-numeriques-2022.json: 2,733 records, postcodes and SIRET as text", () => {
    const table = readJson(dataFile("places/conseillers-numeriques-2022.json"));
    expect(table.rows).toHaveLength(2733);
    const plans = proposePlan(table, { locale: "fr", typed: true });
    const types = Object.fromEntries(plans.map((p) => [p.name, p.type]));
    expect(types).toMatchObject({
      code_postal: "text",
      pivot: "text",
      latitude: "latitude",
      date_maj: "date",
      site_web: "url",
    });
  });

  it("a choice column without choices gets its distinct values", () => {
    const table = { names: ["t"], rows: [["a"], ["b"], ["a"]], lines: [2, 3, 4], problems: [] };
    const [plan] = completeChoices(table, [{ source: 0, name: "t", type: "choice", choices: [] }]);
    expect(plan?.choices).toEqual(["a", "b"]);
  });
});
