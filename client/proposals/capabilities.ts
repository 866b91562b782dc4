/** A contributor's capabilities, sent as headers: the proposal's private link, their own browser's. */
export const proposalToken = (token: string | null): Record<string, string> =>
  token ? { "proposal-token": token } : {};

export const contributorToken = (token: string | null): Record<string, string> =>
  token ? { "contributor-token": token } : {};
