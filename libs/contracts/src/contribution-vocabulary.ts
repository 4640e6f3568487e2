/** Contribution constants the dashboard reads, in a module that builds no zod schema at load time. */
export const CONTRIBUTION_WINDOWS = ['today', '7d', '30d'] as const;
export type ContributionWindow = (typeof CONTRIBUTION_WINDOWS)[number];
