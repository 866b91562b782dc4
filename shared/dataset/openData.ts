/**
 * The open-data vocabularies of a dataset's metadata: the licences offered (stored in the document as
 * a title and a URL), and update frequencies (stored as a code of the EU frequency vocabulary). The
 * DCAT catalogue (server/catalog) publishes them as the URIs harvesters read.
 */

export type OpenLicence = {
  /** SPDX identifier. */
  id: string;
  title: string;
  /** The licence's canonical address, published as `dct:license`. */
  url: string;
  /** Other ways people (and older datasets) write it: ids, short names, other URLs. */
  aliases: string[];
};

export const openLicences: readonly OpenLicence[] = [
  {
    id: "etalab-2.0",
    title: "Licence Ouverte / Open Licence version 2.0",
    url: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    aliases: [
      "lov2",
      "Licence Ouverte 2.0",
      "Licence Ouverte",
      "Open Licence 2.0",
      "Etalab",
      "Etalab 2.0",
      "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf",
      "https://spdx.org/licenses/etalab-2.0.html",
    ],
  },
  {
    id: "ODbL-1.0",
    title: "Open Database License (ODbL) 1.0",
    url: "https://opendatacommons.org/licenses/odbl/1-0/",
    aliases: [
      "ODbL",
      "odc-odbl",
      "ODbL 1.0",
      "https://opendatacommons.org/licenses/odbl/",
      "https://spdx.org/licenses/ODbL-1.0.html",
    ],
  },
  {
    id: "CC-BY-4.0",
    title: "Creative Commons Attribution 4.0 (CC BY 4.0)",
    url: "https://creativecommons.org/licenses/by/4.0/",
    aliases: ["CC BY 4.0", "CC-BY", "cc-by", "https://spdx.org/licenses/CC-BY-4.0.html"],
  },
  {
    id: "CC-BY-SA-4.0",
    title: "Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)",
    url: "https://creativecommons.org/licenses/by-sa/4.0/",
    aliases: ["CC BY-SA 4.0", "CC-BY-SA", "cc-by-sa", "https://spdx.org/licenses/CC-BY-SA-4.0.html"],
  },
  {
    id: "CC0-1.0",
    title: "Creative Commons Zero 1.0 (CC0 1.0)",
    url: "https://creativecommons.org/publicdomain/zero/1.0/",
    aliases: ["CC0", "CC0 1.0", "cc-zero", "https://spdx.org/licenses/CC0-1.0.html"],
  },
];

/** Case, spaces, the scheme and a trailing slash aside: "http://x.org/a/" and "https://X.org/a" match. */
const folded = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/+$/, "")
    .replace(/[\s_]+/g, " ");

const byName = new Map<string, OpenLicence>();
for (const licence of openLicences)
  for (const name of [licence.id, licence.title, licence.url, ...licence.aliases]) byName.set(folded(name), licence);

export const findOpenLicence = (text: string): OpenLicence | null =>
  text.trim() ? (byName.get(folded(text)) ?? null) : null;

/**
 * A dataset's licence as published: one of the open licences (by its URL, else by the text people
 * typed before the list existed, e.g. "ODbL-1.0"), or another one with the title and URL it was
 * given. `title` is what the dataset says, else the known licence's title.
 */
export function licenceOf(meta: { licence: string; licenceUrl: string }): {
  known: OpenLicence | null;
  title: string;
  url: string;
} {
  const known = findOpenLicence(meta.licenceUrl) ?? (meta.licenceUrl ? null : findOpenLicence(meta.licence));
  const url = meta.licenceUrl || known?.url || "";
  return { known, title: meta.licence || known?.title || "", url };
}

/**
 * Update frequencies offered, as codes of the EU frequency vocabulary (a controlled list, which
 * data.gouv.fr and CKAN map to their own): continuously (a live dataset), daily … never.
 */
export const updateFrequencies = [
  "UPDATE_CONT",
  "DAILY",
  "WEEKLY",
  "MONTHLY",
  "QUARTERLY",
  "ANNUAL_2",
  "ANNUAL",
  "IRREG",
  "NEVER",
  "UNKNOWN",
] as const;
export type UpdateFrequency = (typeof updateFrequencies)[number];

export const isUpdateFrequency = (code: string): code is UpdateFrequency =>
  (updateFrequencies as readonly string[]).includes(code);

export const frequencyUri = (code: UpdateFrequency) =>
  `http://publications.europa.eu/resource/authority/frequency/${code}`;

/** Whether the text is an absolute http(s) URL (what a licence or place link must be). */
export function isWebUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}
