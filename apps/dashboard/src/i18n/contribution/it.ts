import type { ContributionMessages } from './en';

export const contributionIt: ContributionMessages = {
  title: 'Chi ha fatto la differenza',
  window: 'Periodo',
  windows: { today: 'Oggi', '7d': '7 giorni', '30d': '30 giorni' },
  columns: {
    operator: 'Operatore',
    seniority: 'Ruolo',
    contacts: 'Contatti',
    qualified: 'Qualificati',
    opportunities: 'Opportunità',
    closed: 'Chiusi',
    rate: 'Tasso',
  },
  seniority: { junior: 'Junior', senior: 'Senior' },
  rateJunior: 'qualifica {rate}',
  rateSenior: 'chiusura {rate}',
  sortBy: 'Ordina per {column}',
  chart: 'Barre: {column}',
  empty: 'Ancora nessuna chiamata in questo periodo.',
  leaderboard: 'Classifica',
  leaderboardToday: 'Classifica — oggi',
  qualifiers: 'Migliori in qualifica (junior)',
  closers: 'Migliori in chiusura (senior)',
  knownCustomerLead: 'Cliente già acquisito: questa persona ha già comprato da voi — non presentatevi come a uno sconosciuto.',
  lostLeadCalled: 'Richiamato alle {at} da {operator} anche se aveva detto di non essere interessato (lead perso richiamato).',
  knownCustomers: '{count} lead sono già clienti: non presentatevi come a degli sconosciuti.',
};
