import type { ContributionMessages } from './en';

export const contributionFr: ContributionMessages = {
  title: 'Qui a fait la différence',
  window: 'Période',
  windows: { today: 'Aujourd’hui', '7d': '7 jours', '30d': '30 jours' },
  columns: {
    operator: 'Conseiller',
    seniority: 'Rôle',
    contacts: 'Contacts',
    qualified: 'Qualifiés',
    opportunities: 'Opportunités',
    closed: 'Signés',
    rate: 'Taux',
  },
  seniority: { junior: 'Junior', senior: 'Senior (closing)' },
  rateJunior: 'qualification {rate}',
  rateSenior: 'closing {rate}',
  sortBy: 'Trier par {column}',
  chart: 'Barres : {column}',
  empty: 'Pas encore d’appel sur cette période.',
  leaderboard: 'Classement',
  leaderboardToday: 'Classement — aujourd’hui',
  qualifiers: 'Meilleurs en qualification (juniors)',
  closers: 'Meilleurs en closing (seniors)',
  knownCustomerLead: 'Déjà client : cette personne a déjà acheté chez vous — ne la démarchez pas comme un inconnu.',
  lostLeadCalled: 'Rappelé le {at} par {operator} alors qu’il avait dit ne pas être intéressé (lead perdu rappelé).',
  knownCustomers: '{count} leads sont déjà clients : ne les démarchez pas comme des inconnus.',
};
