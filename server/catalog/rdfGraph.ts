/**
 * The catalogue's graph, written once as compact JSON-LD nodes (prefixed names, nested blank nodes)
 * and serialised either as JSON-LD (those nodes under a context of the prefixes) or as Turtle (the
 * same nodes turned into triples and written by n3), so both describe exactly the same graph.
 */

import type * as RDF from "@rdfjs/types";
import { DataFactory, Writer } from "n3";

export const prefixes = {
  dcat: "http://www.w3.org/ns/dcat#",
  dct: "http://purl.org/dc/terms/",
  dcatap: "http://data.europa.eu/r5r/",
  foaf: "http://xmlns.com/foaf/0.1/",
  hydra: "http://www.w3.org/ns/hydra/core#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
} as const;

/** A literal in JSON-LD form: plain text, or a typed value. */
export type Literal = string | { "@value": string; "@type": `xsd:${string}` };
export type Ref = { "@id": string };
export type Value = Literal | Ref | Node;
/** A node: an IRI (or a blank node without `@id`), its types and its properties (prefixed names). */
export type Node = { "@id"?: string; "@type"?: string | string[] } & {
  [property: string]: Value | Value[] | undefined;
};

export const iri = (id: string): Ref => ({ "@id": id });
export const dateTime = (iso: string): Literal => ({ "@value": iso, "@type": "xsd:dateTime" });
export const integer = (n: number): Literal => ({ "@value": String(n), "@type": "xsd:integer" });

export function toJsonLd(graph: Node[]): object {
  return { "@context": prefixes, "@graph": graph };
}

/** `dct:title` → http://purl.org/dc/terms/title */
function expand(name: string): string {
  const colon = name.indexOf(":");
  const prefix = name.slice(0, colon) as keyof typeof prefixes;
  if (colon < 0 || !(prefix in prefixes)) throw new Error(`unknown prefix in ${name}`);
  return prefixes[prefix] + name.slice(colon + 1);
}

const isRef = (value: object): value is Ref => Object.keys(value).length === 1 && "@id" in value;

/** The graph's triples, each node's own together (so Turtle groups them), a node shared by several once. */
export function toQuads(graph: Node[]): RDF.Quad[] {
  const { namedNode, blankNode, literal, quad } = DataFactory;
  const quads: RDF.Quad[] = [];
  const add = (q: RDF.Quad) => quads.push(q);
  const type = namedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
  // Labels counted from zero for each graph (n3's own are global): the same graph, the same text.
  let blanks = 0;
  const queue: [Node, RDF.Quad_Subject][] = [];
  // The same named object (the instance, a dataset's licence on each distribution) is described
  // once; a blank node is a new node each time it appears, as JSON-LD reads it.
  const described = new Map<Node, RDF.Quad_Subject>();
  const subjectOf = (node: Node): RDF.Quad_Subject => {
    const known = described.get(node);
    if (known) return known;
    const subject = node["@id"] ? namedNode(node["@id"]) : blankNode(`b${blanks++}`);
    if (node["@id"]) described.set(node, subject);
    queue.push([node, subject]);
    return subject;
  };
  for (const node of graph) subjectOf(node);
  // An index, not shift(): shifting a long queue is linear each time.
  for (let i = 0; i < queue.length; i++) {
    const [node, subject] = queue[i] as [Node, RDF.Quad_Subject];
    for (const t of [node["@type"] ?? []].flat()) add(quad(subject, type, namedNode(expand(t))));
    for (const [key, values] of Object.entries(node)) {
      if (key.startsWith("@") || values === undefined) continue;
      const predicate = namedNode(expand(key));
      for (const value of [values].flat()) {
        const object =
          typeof value === "string"
            ? literal(value)
            : "@value" in value
              ? literal(value["@value"] as string, namedNode(expand(value["@type"] as string)))
              : isRef(value)
                ? namedNode(value["@id"])
                : subjectOf(value as Node);
        add(quad(subject, predicate, object));
      }
    }
  }
  return quads;
}

export function toTurtle(graph: Node[]): Promise<string> {
  const writer = new Writer({ format: "text/turtle", prefixes });
  writer.addQuads(toQuads(graph));
  return new Promise((resolve, reject) => writer.end((error, result) => (error ? reject(error) : resolve(result))));
}
