/**
 * One page of the DCAT-AP catalogue of public datasets, as a graph (rdfGraph.ts): the catalogue,
 * its Hydra paging view, the page's datasets with their distributions (the CSV, JSON and GeoJSON
 * snapshots) and, on the first page, the public API as a dcat:DataService. Shaped for what
 * data.gouv.fr's harvester (udata's DCAT backend) and CKAN's ckanext-dcat read: a stable
 * dct:identifier and dct:title per dataset, the licence's URL as dct:license (a licence without a URL
 * as dct:rights), EU frequency URIs, hydra:next to follow.
 */
import type { SnapshotColumn } from "../../shared/api/v1.ts";
import { type DatasetMeta, frequencyUri, keywordList, licenceOf } from "../../shared/dataset/index.ts";
import type { SnapshotVersion } from "../storage/readModelTypes.ts";
import { catalogIri, datasetIri, webIri } from "./iris.ts";
import { dateTime, integer, iri, type Node } from "./rdfGraph.ts";

export type CatalogDataset = {
  id: string;
  /** The registry's title and description, used until the first snapshot is built. */
  title: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  publisher: { id: string; name: string } | null;
  /** The published snapshot's metadata and columns, and its version; null before its first build. */
  snapshot: { meta: DatasetMeta; columns: SnapshotColumn[]; version: SnapshotVersion } | null;
};

export type CatalogPage = {
  baseUrl: string;
  /** The instance's name: the catalogue's title and publisher. */
  instanceName: string;
  /** The page's datasets, in catalogue order. */
  datasets: CatalogDataset[];
  /** Every public dataset's id (the API serves them all), listed on the first page. */
  allIds: string[];
  page: number;
  pageSize: number;
  total: number;
  /** The URL of page n, in the representation asked for. */
  pageUrl: (n: number) => string;
  /** Newest edit among public datasets, and the oldest creation (the catalogue's dates). */
  modified: string | null;
  issued: string | null;
};

const FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/";
const MEDIA_TYPE = "http://www.iana.org/assignments/media-types/";
const PUBLIC_ACCESS = "http://publications.europa.eu/resource/authority/access-right/PUBLIC";
const STABLE = "http://publications.europa.eu/resource/authority/planned-availability/STABLE";

const distributions = [
  {
    format: "csv",
    fileType: "CSV",
    mediaType: "text/csv",
    title: "CSV",
    what: "CSV (UTF-8, comma-separated, a header row of column names)",
  },
  {
    format: "json",
    fileType: "JSON",
    mediaType: "application/json",
    title: "JSON",
    what: "JSON (metadata, columns and rows with typed values)",
  },
  {
    format: "geojson",
    fileType: "GEOJSON",
    mediaType: "application/geo+json",
    title: "GeoJSON",
    what: "GeoJSON points (from the latitude and longitude columns)",
  },
] as const;

export function catalogGraph(page: CatalogPage): Node[] {
  const { baseUrl } = page;
  const api = `${baseUrl}/api/v1`;
  const instance: Node = {
    "@id": `${baseUrl}/#publisher`,
    "@type": ["foaf:Agent", "foaf:Organization"],
    "foaf:name": page.instanceName,
    "foaf:homepage": iri(`${baseUrl}/`),
  };
  const lastPage = Math.max(1, Math.ceil(page.total / page.pageSize));
  const view: Node = {
    "@id": page.pageUrl(page.page),
    "@type": "hydra:PartialCollectionView",
    "hydra:first": iri(page.pageUrl(1)),
    "hydra:last": iri(page.pageUrl(lastPage)),
    "hydra:next": page.page < lastPage ? iri(page.pageUrl(page.page + 1)) : undefined,
    "hydra:previous": page.page > 1 ? iri(page.pageUrl(page.page - 1)) : undefined,
    "hydra:totalItems": integer(page.total),
    "hydra:itemsPerPage": integer(page.pageSize),
  };
  const first = page.page === 1;
  const catalog: Node = {
    "@id": catalogIri(baseUrl),
    "@type": ["dcat:Catalog", "hydra:Collection"],
    "dct:title": `Datasets of ${page.instanceName}`,
    "dct:description": `The public datasets of ${page.instanceName} (${baseUrl}), edited together with Data Patch, with their downloads and API.`,
    "dct:publisher": instance,
    "foaf:homepage": iri(`${baseUrl}/`),
    "dct:issued": page.issued ? dateTime(page.issued) : undefined,
    "dct:modified": page.modified ? dateTime(page.modified) : undefined,
    "dcat:dataset": page.datasets.map((d) => datasetNode(baseUrl, d, instance)),
    "dcat:service": first ? dataService(page, instance) : undefined,
    "hydra:totalItems": integer(page.total),
    "hydra:view": view,
  };
  // The service names every dataset it serves; those on other pages by their identifier only.
  const onThisPage = new Set(page.datasets.map((d) => d.id));
  const elsewhere: Node[] = first
    ? page.allIds
        .filter((id) => !onThisPage.has(id))
        .map((id) => ({ "@id": datasetIri(baseUrl, id), "dct:identifier": datasetIri(baseUrl, id) }))
    : [];
  return [catalog, ...elsewhere];

  function dataService(p: CatalogPage, publisher: Node): Node {
    return {
      "@id": api,
      "@type": "dcat:DataService",
      "dct:identifier": api,
      "dct:title": `${p.instanceName} API`,
      "dct:description":
        "Read the public datasets row by row (filters, sort, pages with a stable cursor), download their snapshots, and, with a token, write rows. Described by an OpenAPI 3.1 document.",
      "dcat:endpointURL": iri(api),
      "dcat:endpointDescription": iri(`${api}/openapi.json`),
      "dcat:landingPage": iri(`${baseUrl}/api/docs`),
      "dct:conformsTo": iri("https://spec.openapis.org/oas/v3.1.0"),
      "dct:accessRights": iri(PUBLIC_ACCESS),
      "dct:publisher": publisher,
      "dcat:servesDataset": p.allIds.map((id) => iri(datasetIri(baseUrl, id))),
    };
  }
}

function datasetNode(baseUrl: string, dataset: CatalogDataset, instance: Node): Node {
  const id = datasetIri(baseUrl, dataset.id);
  const meta = dataset.snapshot?.meta ?? null;
  const title = meta?.title || dataset.title || dataset.id;
  const licence = meta ? licenceOf(meta) : null;
  const licenceUrl = licence?.url ? webIri(licence.url) : null;
  const licenceNode: Node | null = licenceUrl
    ? { "@id": licenceUrl, "@type": "dct:LicenseDocument", "dct:title": licence?.known?.title ?? licence?.title ?? "" }
    : null;
  // A licence known only by its words is a rights statement (what udata does with one).
  const rights: Node | undefined =
    licence?.title && !licenceUrl ? { "@type": "dct:RightsStatement", "rdfs:label": licence.title } : undefined;
  const publisher: Node = dataset.publisher
    ? {
        "@id": `${baseUrl}/catalog#workspace-${encodeURIComponent(dataset.publisher.id)}`,
        "@type": ["foaf:Agent", "foaf:Organization"],
        "foaf:name": dataset.publisher.name,
      }
    : instance;
  const spatial = meta ? spatialNode(meta) : undefined;
  const snapshot = dataset.snapshot;
  return {
    "@id": id,
    "@type": "dcat:Dataset",
    "dct:identifier": id,
    "dct:title": title,
    "dct:description": meta?.description || dataset.description || describe(title, snapshot),
    "dcat:keyword": meta ? keywordList(meta.keywords) : [],
    "dct:publisher": publisher,
    "dct:issued": dateTime(dataset.createdAt),
    "dct:modified": dateTime(dataset.updatedAt),
    "dct:license": licenceNode ?? undefined,
    "dct:rights": rights,
    "dct:accessRights": iri(PUBLIC_ACCESS),
    "dct:accrualPeriodicity": meta?.frequency ? iri(frequencyUri(meta.frequency)) : undefined,
    "dct:spatial": spatial,
    "dct:provenance": meta?.source ? { "@type": "dct:ProvenanceStatement", "rdfs:label": meta.source } : undefined,
    "dcat:landingPage": iri(id),
    "dcat:distribution": snapshot
      ? distributions
          .filter((d) => snapshot.version.formats.includes(d.format))
          .map((d) => {
            const url = `${baseUrl}/api/v1/datasets/${dataset.id}/snapshot.${d.format}`;
            return {
              "@id": `${id}#${d.format}`,
              "@type": "dcat:Distribution",
              "dct:identifier": `${id}#${d.format}`,
              "dct:title": `${title} (${d.title})`,
              "dct:description": `The whole dataset as ${d.what}, rebuilt a moment after each change.`,
              "dcat:accessURL": iri(url),
              "dcat:downloadURL": iri(url),
              "dcat:mediaType": iri(MEDIA_TYPE + d.mediaType),
              "dct:format": iri(FILE_TYPE + d.fileType),
              "dct:license": licenceNode ?? undefined,
              "dct:rights": rights,
              "dct:modified": dateTime(snapshot.version.builtAt),
              "dcatap:availability": iri(STABLE),
            };
          })
      : [],
  };
}

/** The area covered: its URI (with its name) when given, else a place known by its name. */
function spatialNode(meta: DatasetMeta): Node | undefined {
  const uri = meta.spatialUri ? webIri(meta.spatialUri) : null;
  if (!uri && !meta.spatial) return undefined;
  return {
    ...(uri ? { "@id": uri } : {}),
    "@type": "dct:Location",
    "skos:prefLabel": meta.spatial || undefined,
  };
}

/** A description for a dataset that has none (DCAT-AP requires one): what it holds. */
function describe(title: string, snapshot: CatalogDataset["snapshot"]): string {
  if (!snapshot) return title;
  const names = snapshot.columns.map((c) => c.name);
  const shown = names.slice(0, 12).join(", ") + (names.length > 12 ? ", …" : "");
  return `${title}: ${snapshot.version.rowCount} rows${names.length ? `; columns: ${shown}` : ""}.`;
}
