/** English messages of "who made it happen" (console panel) and the wall's leaderboard: the reference shape for it and fr. */
export const contributionEn = {
  title: 'Who made it happen',
  window: 'Period',
  windows: { today: 'Today', '7d': '7 days', '30d': '30 days' },
  columns: {
    operator: 'Operator',
    seniority: 'Role',
    contacts: 'Contacts',
    qualified: 'Qualified',
    opportunities: 'Opportunities',
    closed: 'Closed',
    rate: 'Rate',
  },
  seniority: { junior: 'Junior', senior: 'Closer' },
  rateJunior: 'qualification {rate}',
  rateSenior: 'close {rate}',
  sortBy: 'Sort by {column}',
  chart: 'Bars: {column}',
  empty: 'No calls in this period yet.',
  leaderboard: 'Leaderboard',
  leaderboardToday: 'Leaderboard — today',
  qualifiers: 'Best qualifiers (juniors)',
  closers: 'Best closers (seniors)',
  knownCustomerLead: 'Known customer: this person already bought from you — do not pitch them as a stranger.',
  lostLeadCalled: 'Called again at {at} by {operator} although they said not interested (lost lead called).',
  knownCustomers: '{count} leads are already customers: do not pitch them as strangers.',
};
export type ContributionMessages = typeof contributionEn;
