/**
 * The catalogue's identifiers. A dataset's is its page's URL under PUBLIC_URL: built from the
 * dataset id alone (never from its title, so a rename changes nothing), and ids are never reused.
 */
export const datasetIri = (baseUrl: string, datasetId: string) => `${baseUrl}/datasets/${datasetId}`;
export const catalogIri = (baseUrl: string) => `${baseUrl}/catalog`;
