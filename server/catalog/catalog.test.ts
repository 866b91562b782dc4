/**
 * The DCAT-AP catalogue against a real server: read back as RDF (JSON-LD with the jsonld package,
 * Turtle with n3), checked against DCAT-AP's mandatory and recommended properties and what
 * data.gouv.fr's and CKAN's harvesters need, public datasets only, paging, identifiers.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { DatasetSummary } from "../../shared/api/datasets.ts";
import { updateMeta } from "../../shared/dataset/index.ts";
import {
  canonical,
  firstValue,
  objectsOf,
  type Shape,
  shapeProblems,
  storeFromJsonLd,
  storeFromTurtle,
  subjectsOf,
} from "../test/rdf.ts";
import {
  connectClient,
  createDatasetViaApi,
  createUserSession,
  startTestServer,
  type TestServer,
  tempDataDir,
  waitFor,
  whenAcknowledged,
} from "../test/testServer.ts";

/**
 * DCAT-AP 3.0.0's SHACL shapes (SEMICeu/DCAT-AP, releases/3.0.0/html/shacl/shapes.ttl: violations;
 * shapes_recommended.ttl: warnings), the properties this catalogue provides. Recommended ones it does
 * not: catalogue dct:language, dct:license, dct:spatial, dcat:themeTaxonomy; dataset
 * dcat:contactPoint, dct:temporal, dcat:theme; agent and licence dct:type; location bbox/centroid.
 */
const shapes: Record<string, Shape> = {
  "dcat:Catalog": {
    mandatory: ["dct:title", "dct:description", "dct:publisher", "dct:issued", "dct:modified", "foaf:homepage"],
    atMostOne: ["dct:publisher", "foaf:homepage", "dct:issued", "dct:modified", "dct:license", "dct:rights"],
    literals: ["dct:title", "dct:description"],
    dates: ["dct:issued", "dct:modified"],
  },
  "dcat:Dataset": {
    // data.gouv.fr skips a dataset without dct:identifier or dct:title.
    mandatory: [
      "dct:title",
      "dct:description",
      "dct:identifier",
      "dct:publisher",
      "dct:issued",
      "dct:modified",
      "dcat:landingPage",
      "dcat:distribution",
    ],
    atMostOne: [
      "dct:publisher",
      "dct:accrualPeriodicity",
      "dct:issued",
      "dct:modified",
      "dct:accessRights",
      "dct:identifier",
    ],
    literals: ["dct:title", "dct:description", "dct:identifier", "dcat:keyword"],
    iris: ["dcat:landingPage", "dct:accrualPeriodicity", "dct:license"],
    dates: ["dct:issued", "dct:modified"],
  },
  "dcat:Distribution": {
    mandatory: [
      "dcat:accessURL",
      "dcat:downloadURL",
      "dcat:mediaType",
      "dct:format",
      "dct:description",
      "dcatap:availability",
    ],
    atMostOne: ["dcat:accessURL", "dcat:downloadURL", "dcat:mediaType", "dct:modified", "dct:rights", "dct:issued"],
    iris: ["dcat:accessURL", "dcat:downloadURL", "dcat:mediaType", "dct:format", "dct:license"],
    literals: ["dct:title", "dct:description"],
    dates: ["dct:modified"],
  },
  "dcat:DataService": {
    mandatory: ["dct:title", "dcat:endpointURL", "dcat:endpointDescription", "dcat:servesDataset", "dct:identifier"],
    atMostOne: ["dct:license", "dct:accessRights"],
    literals: ["dct:title", "dct:description"],
    iris: ["dcat:endpointURL", "dcat:endpointDescription"],
  },
  "foaf:Agent": { mandatory: ["foaf:name"], atMostOne: ["dct:type"], literals: ["foaf:name"] },
  "dct:LicenseDocument": { mandatory: ["dct:title"] },
  "hydra:PartialCollectionView": {
    mandatory: ["hydra:first", "hydra:last", "hydra:totalItems", "hydra:itemsPerPage"],
    atMostOne: ["hydra:first", "hydra:last", "hydra:next", "hydra:previous"],
  },
};

describe("the DCAT catalogue", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  let cookie: string;
  let places: DatasetSummary; // public-read, an older free-text licence, every field
  let suggestions: DatasetSummary; // public-propose, a licence given by URL, no description
  let schools: DatasetSummary; // public-edit, a licence known only by its words
  let secret: DatasetSummary; // private: never listed

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
  const jsonLd = async (path: string) => storeFromJsonLd(await (await get(path)).json());
  const iriOf = (d: DatasetSummary) => `${server.url}/datasets/${d.id}`;
  const licenceOfDataset = (store: Awaited<ReturnType<typeof jsonLd>>, d: DatasetSummary) =>
    objectsOf(store, iriOf(d), "dct:license").map((o) => o.value);

  beforeAll(async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir, { SNAPSHOT_DELAY_MS: "20", INSTANCE_NAME: "Repair network" });
    ({ cookie } = await createUserSession(data.dir));
    places = await createDatasetViaApi(
      server,
      {
        title: "Repair cafés",
        description: "Where to mend things.",
        source: "https://example.org/source",
        licence: "ODbL-1.0",
        keywords: "repair, bikes",
        frequency: "WEEKLY",
        spatial: "Lyon, France",
        spatialUri: "https://www.geonames.org/2996944",
        columns: [{ name: "Name" }, { name: "Lat", type: "latitude" }, { name: "Lon", type: "longitude" }],
      },
      { cookie, openness: "public-read" },
    );
    suggestions = await createDatasetViaApi(
      server,
      {
        title: "Polling stations",
        licence: "Creative Commons Attribution 4.0 (CC BY 4.0)",
        licenceUrl: "https://creativecommons.org/licenses/by/4.0/",
        columns: [{ name: "Station" }, { name: "Address" }],
      },
      { cookie, openness: "public-propose" },
    );
    schools = await createDatasetViaApi(
      server,
      { title: "School canteens", licence: "Free for schools", columns: [{ name: "School" }] },
      { cookie, openness: "public-edit" },
    );
    secret = await createDatasetViaApi(
      server,
      { title: "Secret list", licence: "CC0-1.0", columns: [{ name: "Who" }] },
      { cookie, openness: "private" },
    );
    // The catalogue reads the published snapshots' metadata: wait for each to be built.
    for (const d of [places, suggestions, schools])
      await waitFor(async () => {
        const body = (await (await get(`/api/v1/datasets/${d.id}`)).json()) as { snapshot: unknown };
        expect(body.snapshot).not.toBeNull();
      });
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  it("parses as JSON-LD and as Turtle into one same graph, with every DCAT-AP field it must have", async () => {
    const jsonAnswer = await get("/catalog", { accept: "application/ld+json" });
    expect(jsonAnswer.headers.get("content-type")).toBe("application/ld+json; charset=utf-8");
    const turtleAnswer = await get("/catalog", { accept: "text/turtle, application/ld+json;q=0.5" });
    expect(turtleAnswer.headers.get("content-type")).toBe("text/turtle; charset=utf-8");
    expect(turtleAnswer.headers.get("vary")).toBe("Accept");
    const fromJson = await storeFromJsonLd(await jsonAnswer.json());
    const fromTurtle = storeFromTurtle(await turtleAnswer.text());
    expect(fromJson.size).toBeGreaterThan(50);
    expect(await canonical(fromTurtle)).toBe(await canonical(fromJson));

    for (const [type, shape] of Object.entries(shapes)) expect(shapeProblems(fromJson, type, shape), type).toEqual([]);

    const [catalog] = subjectsOf(fromJson, "dcat:Catalog");
    expect(catalog).toBe(`${server.url}/catalog`);
    expect(firstValue(fromJson, catalog as string, "dct:title")).toBe("Datasets of Repair network");
    const publisher = objectsOf(fromJson, catalog as string, "dct:publisher")[0]?.value as string;
    expect(firstValue(fromJson, publisher, "foaf:name")).toBe("Repair network");

    // Every distribution: the snapshot's URL, with its media type and format.
    const downloads = subjectsOf(fromJson, "dcat:Distribution").map((d) => ({
      url: firstValue(fromJson, d, "dcat:downloadURL"),
      mediaType: firstValue(fromJson, d, "dcat:mediaType"),
      format: firstValue(fromJson, d, "dct:format"),
    }));
    const snapshot = (d: DatasetSummary, format: string) => `${server.url}/api/v1/datasets/${d.id}/snapshot.${format}`;
    expect(downloads).toEqual(
      expect.arrayContaining([
        {
          url: snapshot(places, "geojson"),
          mediaType: "http://www.iana.org/assignments/media-types/application/geo+json",
          format: "http://publications.europa.eu/resource/authority/file-type/GEOJSON",
        },
        {
          url: snapshot(suggestions, "csv"),
          mediaType: "http://www.iana.org/assignments/media-types/text/csv",
          format: "http://publications.europa.eu/resource/authority/file-type/CSV",
        },
      ]),
    );
    // GeoJSON only for a dataset with coordinates; CSV and JSON for every one.
    expect(downloads.map((d) => d.url).sort()).toEqual(
      [
        ...["csv", "json", "geojson"].map((f) => snapshot(places, f)),
        ...["csv", "json"].map((f) => snapshot(suggestions, f)),
        ...["csv", "json"].map((f) => snapshot(schools, f)),
      ].sort(),
    );
    for (const response of [
      await get(new URL(snapshot(places, "csv")).pathname),
      await get(new URL(snapshot(places, "geojson")).pathname),
    ])
      expect(response.status).toBe(200);

    // The API as a data service, serving every public dataset, with its OpenAPI description.
    const [service] = subjectsOf(fromJson, "dcat:DataService");
    expect(firstValue(fromJson, service as string, "dcat:endpointDescription")).toBe(
      `${server.url}/api/v1/openapi.json`,
    );
    expect((await get("/api/v1/openapi.json")).status).toBe(200);
  });

  it("lists exactly the public datasets, with their licences, frequency, area and keywords", async () => {
    const store = await jsonLd("/catalog.jsonld");
    const listed = subjectsOf(store, "dcat:Dataset").sort();
    expect(listed).toEqual([places, suggestions, schools].map(iriOf).sort());
    for (const iri of listed) expect(firstValue(store, iri, "dct:identifier")).toBe(iri);
    // The private dataset appears nowhere, not even as a dataset the API serves.
    expect(store.getQuads(iriOf(secret), null, null, null)).toEqual([]);
    expect(store.getQuads(null, null, iriOf(secret), null)).toEqual([]);
    expect(JSON.stringify(await (await get("/catalog.jsonld")).json())).not.toContain(secret.id);

    // An older dataset's "ODbL-1.0" is published as ODbL's URL; a licence with a URL as that URL.
    expect(licenceOfDataset(store, places)).toEqual(["https://opendatacommons.org/licenses/odbl/1-0/"]);
    expect(firstValue(store, "https://opendatacommons.org/licenses/odbl/1-0/", "dct:title")).toBe(
      "Open Database License (ODbL) 1.0",
    );
    expect(licenceOfDataset(store, suggestions)).toEqual(["https://creativecommons.org/licenses/by/4.0/"]);
    // A licence known only by its words is a rights statement, not a licence URL.
    expect(licenceOfDataset(store, schools)).toEqual([]);
    const rights = objectsOf(store, iriOf(schools), "dct:rights")[0];
    expect(rights?.termType).toBe("BlankNode");
    expect(rights && firstValue(store, rights, "rdfs:label")).toBe("Free for schools");
    // Each distribution carries its dataset's licence.
    for (const distribution of objectsOf(store, iriOf(suggestions), "dcat:distribution"))
      expect(objectsOf(store, distribution, "dct:license").map((o) => o.value)).toEqual([
        "https://creativecommons.org/licenses/by/4.0/",
      ]);

    const places_ = iriOf(places);
    expect(firstValue(store, places_, "dct:accrualPeriodicity")).toBe(
      "http://publications.europa.eu/resource/authority/frequency/WEEKLY",
    );
    expect(firstValue(store, places_, "dct:spatial")).toBe("https://www.geonames.org/2996944");
    expect(firstValue(store, "https://www.geonames.org/2996944", "skos:prefLabel")).toBe("Lyon, France");
    expect(
      objectsOf(store, places_, "dcat:keyword")
        .map((k) => k.value)
        .sort(),
    ).toEqual(["bikes", "repair"]);
    expect(firstValue(store, places_, "dct:description")).toBe("Where to mend things.");
    expect(firstValue(store, places_, "dcat:landingPage")).toBe(places_);
    // Without a description, one is made of what the dataset holds (DCAT-AP requires one).
    expect(firstValue(store, iriOf(suggestions), "dct:description")).toBe(
      "Polling stations: 0 rows; columns: Station, Address.",
    );
    // A person's own workspace publishes under the instance's name, never the person's.
    const publisher = firstValue(store, places_, "dct:publisher") as string;
    expect(firstValue(store, publisher, "foaf:name")).toBe("Repair network");
  });

  it("names a group's workspace as the publisher of its datasets", async () => {
    const headers = { "content-type": "application/json", origin: server.url, cookie };
    const post = async (path: string, body: unknown, method = "POST") =>
      (await fetch(`${server.url}${path}`, { method, headers, body: JSON.stringify(body) })).json() as Promise<{
        id: string;
      }>;
    const group = await post("/api/groups", { name: "Hub BFC" });
    const workspace = await post("/api/workspaces", { name: "Hub BFC open data", groupId: group.id });
    const moved = await fetch(`${server.url}/api/datasets/${schools.id}/workspace`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ workspaceId: workspace.id }),
    });
    expect(moved.status).toBe(200);
    const store = await jsonLd("/catalog.jsonld");
    const publisher = firstValue(store, iriOf(schools), "dct:publisher") as string;
    expect(firstValue(store, publisher, "foaf:name")).toBe("Hub BFC open data");
  });

  it("pages with Hydra: following hydra:next from the first page lists every dataset exactly once", async () => {
    const seen: string[] = [];
    const visited: string[] = [];
    let next: string | undefined = `${server.url}/catalog.ttl?page=1&pageSize=2`;
    while (next) {
      visited.push(next);
      const response = await fetch(next);
      expect(response.status).toBe(200);
      const store = storeFromTurtle(await response.text());
      seen.push(...subjectsOf(store, "dcat:Dataset"));
      const [view] = subjectsOf(store, "hydra:PartialCollectionView");
      expect(view).toBe(next);
      expect(firstValue(store, view as string, "hydra:first")).toBe(`${server.url}/catalog.ttl?page=1&pageSize=2`);
      expect(firstValue(store, view as string, "hydra:last")).toBe(`${server.url}/catalog.ttl?page=2&pageSize=2`);
      expect(firstValue(store, view as string, "hydra:itemsPerPage")).toBe("2");
      expect(firstValue(store, view as string, "hydra:totalItems")).toBe("3");
      next = firstValue(store, view as string, "hydra:next");
      expect(visited.length).toBeLessThan(5);
    }
    expect(visited).toHaveLength(2);
    expect(seen.sort()).toEqual([places, suggestions, schools].map(iriOf).sort());
    // Past the last page: 404, and a bad page size says what is wrong.
    expect((await get("/catalog.ttl?page=3&pageSize=2")).status).toBe(404);
    const bad = await get("/catalog.jsonld?pageSize=0");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid-request" });
  });

  it("answers any site (CORS *), with an ETag, a 304 when unchanged, and caching for a minute", async () => {
    const first = await get("/catalog.ttl", { origin: "https://portal.example" });
    expect(first.status).toBe(200);
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    expect(first.headers.get("access-control-allow-credentials")).toBeNull();
    expect(first.headers.get("cache-control")).toBe("public, max-age=60, stale-while-revalidate=60");
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const again = await get("/catalog.ttl", { "if-none-match": etag });
    expect(again.status).toBe(304);
    const preflight = await fetch(`${server.url}/catalog.jsonld`, {
      method: "OPTIONS",
      headers: { origin: "https://portal.example", "access-control-request-headers": "if-none-match" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("If-None-Match");
    // data.gouv.fr picks the parser from the extension, else from HEAD's Content-Type.
    const head = await fetch(`${server.url}/catalog`, { method: "HEAD" });
    expect(head.headers.get("content-type")).toBe("application/ld+json; charset=utf-8");
  });

  it("keeps a dataset's identifier when it is renamed, and drops a dataset made private", async () => {
    const before = await jsonLd("/catalog.jsonld");
    expect(firstValue(before, iriOf(places), "dct:title")).toBe("Repair cafés");
    const editor = await connectClient(server.wsUrl, places.documentName, new Y.Doc(), { cookie });
    updateMeta(editor.doc, { title: "Repair cafés of Lyon" }, null);
    await whenAcknowledged(editor);
    editor.provider.destroy();
    const after = await waitFor(async () => {
      const store = await jsonLd("/catalog.jsonld");
      expect(
        subjectsOf(store, "dcat:Dataset").filter((s) => firstValue(store, s, "dct:title") === "Repair cafés of Lyon"),
      ).toEqual([iriOf(places)]);
      return store;
    });
    expect(firstValue(after, iriOf(places), "dct:identifier")).toBe(iriOf(places));
    expect(subjectsOf(after, "dcat:Dataset")).toHaveLength(3);

    const settings = await fetch(`${server.url}/api/datasets/${schools.id}/settings`, {
      method: "PATCH",
      headers: { "content-type": "application/json", origin: server.url, cookie },
      body: JSON.stringify({ openness: "private" }),
    });
    expect(settings.status).toBe(200);
    // The owner's own cookie changes nothing: the catalogue is what anyone may read.
    const store = await storeFromJsonLd(await (await get("/catalog.jsonld", { cookie })).json());
    expect(subjectsOf(store, "dcat:Dataset").sort()).toEqual([places, suggestions].map(iriOf).sort());
  });
});

describe("the DCAT catalogue, given crafted metadata", () => {
  let data: ReturnType<typeof tempDataDir>;
  let server: TestServer;
  afterAll(async () => {
    await server?.close();
    data?.remove();
  });

  it("keeps links and text from closing an IRI or a literal: Turtle and JSON-LD stay one graph, nothing injected", async () => {
    data = tempDataDir();
    server = await startTestServer(data.dir, { SNAPSHOT_DELAY_MS: "20" });
    const { cookie } = await createUserSession(data.dir);
    const dataset = await createDatasetViaApi(
      server,
      { title: "Crafted", columns: [{ name: "N" }] },
      { cookie, openness: "public-read" },
    );
    // Written straight into the document, as a modified client could, past the form's checks.
    const editor = await connectClient(server.wsUrl, dataset.documentName, new Y.Doc(), { cookie });
    updateMeta(
      editor.doc,
      {
        title: 'Evil "title"\n> <http://evil.example/s> <http://evil.example/p> "o" .',
        description: '"""\\',
        licence: "Own terms",
        licenceUrl: "https://licence.example/a b|c>d",
        spatial: "Somewhere",
        spatialUri: 'https://place.example/> <http://evil.example/p> "injected" . <https://other.example/',
        keywords: 'a"b, <c>',
      },
      null,
    );
    await whenAcknowledged(editor);
    editor.provider.destroy();
    const iri = `${server.url}/datasets/${dataset.id}`;
    // The registry's updated time follows the edit a moment later: wait for one state read both ways.
    const [fromJson, fromTurtle] = await waitFor(async () => {
      const json = await fetch(`${server.url}/catalog`, { headers: { accept: "application/ld+json" } });
      const store = await storeFromJsonLd(await json.json());
      expect(firstValue(store, iri, "dct:title")).toMatch(/^Evil/);
      const ttl = await fetch(`${server.url}/catalog`, { headers: { accept: "text/turtle" } });
      const fromTtl = storeFromTurtle(await ttl.text());
      expect(await canonical(fromTtl)).toBe(await canonical(store));
      return [store, fromTtl] as const;
    });
    for (const store of [fromJson, fromTurtle]) {
      const terms = store.getQuads(null, null, null, null).flatMap((q) => [q.subject, q.predicate, q.object]);
      expect(terms.filter((t) => t.termType === "NamedNode" && t.value.startsWith("http://evil.example"))).toEqual([]);
      expect(firstValue(store, iri, "dct:title")).toBe(
        'Evil "title"\n> <http://evil.example/s> <http://evil.example/p> "o" .',
      );
      expect(firstValue(store, iri, "dct:license")).toBe("https://licence.example/a%20b%7Cc%3Ed");
      expect(firstValue(store, iri, "dct:spatial")).toBe(
        "https://place.example/%3E%20%3Chttp://evil.example/p%3E%20%22injected%22%20.%20%3Chttps://other.example/",
      );
    }
  });
});
