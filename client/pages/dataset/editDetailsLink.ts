/**
 * The address of a dataset's page with its details form open (`?details=edit`): how the settings
 * page leads owners to the title, description and licence, which are edited under the title.
 */
export const EDIT_DETAILS_PARAM = "details";

export const editDetailsPath = (datasetId: string) => `/datasets/${datasetId}?${EDIT_DETAILS_PARAM}=edit`;
