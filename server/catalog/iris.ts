/**
 * The catalogue's identifiers. A dataset's is its page's URL under PUBLIC_URL: built from the
 * dataset id alone (never from its title, so a rename changes nothing), and ids are never reused.
 */
export const datasetIri = (baseUrl: string, datasetId: string) => `${baseUrl}/datasets/${datasetId}`;
export const catalogIri = (baseUrl: string) => `${baseUrl}/catalog`;

/**
 * A link people typed, as an IRI safe in Turtle and JSON-LD: an http(s) URL, normalised, with the
 * characters an IRI may not hold (spaces, `<>"{}|^\``, controls) percent-encoded — written raw, a
 * crafted link could close the IRI and add triples of its own. Null when it is not a web address.
 */
export function webIri(text: string): string | null {
  if (!/^https?:\/\//i.test(text.trim())) return null;
  try {
    return new URL(text.trim()).href.replace(
      // URL's parser already encodes control characters; these it may leave as they are.
      /[\s<>"{}|^`\\]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
    );
  } catch {
    return null;
  }
}
