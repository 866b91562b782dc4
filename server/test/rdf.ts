/**
 * Tests only: reading the catalogue as RDF — JSON-LD through the jsonld package (no network: the
 * document loader refuses every URL, the context is inline), Turtle through n3 — and checking nodes
 * against DCAT-AP's cardinalities.
 */
import jsonld from "jsonld";
import { Parser, Store, type Term, Writer } from "n3";
import { prefixes } from "../catalog/rdfGraph.ts";

const noNetwork = async (url: string): Promise<never> => {
  throw new Error(`the catalogue made the JSON-LD processor fetch ${url}`);
};

export const expand = (name: string) => {
  const [prefix, local] = name.split(":") as [keyof typeof prefixes | "rdf", string];
  return prefix === "rdf" ? `http://www.w3.org/1999/02/22-rdf-syntax-ns#${local}` : prefixes[prefix] + local;
};

export async function storeFromJsonLd(document: object): Promise<Store> {
  const nquads = (await jsonld.toRDF(document as never, {
    format: "application/n-quads",
    documentLoader: noNetwork as never,
  })) as unknown as string;
  return new Store(new Parser({ format: "N-Quads" }).parse(nquads));
}

export const storeFromTurtle = (turtle: string, baseIRI?: string) =>
  new Store(new Parser({ format: "text/turtle", baseIRI }).parse(turtle));

/** The graph in canonical N-Quads (RDF Dataset Canonicalization), blank nodes relabelled: equal graphs, equal text. */
export async function canonical(store: Store): Promise<string> {
  const nquads = new Writer({ format: "N-Quads" }).quadsToString(store.getQuads(null, null, null, null));
  return (await jsonld.canonize(
    nquads as never,
    {
      algorithm: "URDNA2015",
      inputFormat: "application/n-quads",
      format: "application/n-quads",
      documentLoader: noNetwork as never,
    } as never,
  )) as unknown as string;
}

export const subjectsOf = (store: Store, type: string) =>
  store.getSubjects(expand("rdf:type"), expand(type), null).map((s) => s.value);

/** A node's values for a property; the node by IRI, or as a term (a blank node found before). */
export const objectsOf = (store: Store, subject: string | Term, predicate: string) =>
  store.getObjects(subject, expand(predicate), null);

export const firstValue = (store: Store, subject: string | Term, predicate: string) =>
  objectsOf(store, subject, predicate)[0]?.value;

/** The number of values of each property a node of a class must / may have, and what they must be. */
export type Shape = {
  mandatory?: string[];
  /** At most one value. */
  atMostOne?: string[];
  literals?: string[];
  iris?: string[];
  /** xsd:date or xsd:dateTime. */
  dates?: string[];
};

/** What breaks the shape, one sentence per problem (none: it conforms). */
export function shapeProblems(store: Store, type: string, shape: Shape): string[] {
  const problems: string[] = [];
  const nodes = store.getSubjects(expand("rdf:type"), expand(type), null);
  if (nodes.length === 0) problems.push(`no ${type} at all`);
  for (const node of nodes) {
    const values = (p: string) => store.getObjects(node, expand(p), null);
    const name = `${type} ${node.termType === "BlankNode" ? "(blank)" : node.value}`;
    for (const p of shape.mandatory ?? []) if (values(p).length === 0) problems.push(`${name} has no ${p}`);
    for (const p of shape.atMostOne ?? [])
      if (values(p).length > 1) problems.push(`${name} has ${values(p).length} ${p}`);
    for (const p of shape.literals ?? [])
      for (const v of values(p)) if (v.termType !== "Literal") problems.push(`${name}: ${p} is not a literal`);
    for (const p of shape.iris ?? [])
      for (const v of values(p)) if (v.termType !== "NamedNode") problems.push(`${name}: ${p} is not an IRI`);
    for (const p of shape.dates ?? [])
      for (const v of values(p))
        if (v.termType !== "Literal" || ![expand("xsd:date"), expand("xsd:dateTime")].includes(v.datatype.value))
          problems.push(`${name}: ${p} is not an xsd:date or xsd:dateTime`);
  }
  return problems;
}
