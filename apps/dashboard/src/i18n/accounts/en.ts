/**
 * English messages of B2B accounts and the campaign settings panel (`accounts.*` in the app's
 * messages): the reference shape for it and fr.
 */
export const accountsEn = {
  title: 'Companies (B2B)',
  hint: "The companies of this campaign's leads: potential once one of their people became a prospect, customer from their first sale.",
  steps: { accounts: 'Companies', potential: 'Potential', customer: 'Customers' },
  conversion: '{rate} of {step}',
  none: 'No lead of this campaign has named its company yet.',
  latest: 'Latest changes',
  stage: { lead: 'lead', potential: 'potential', customer: 'customer', none: 'new' },
  change: '{name}: {from} → {to}',
  drilldown: {
    title: 'Company',
    stage: 'Stage of the company',
    figures: '{leads} leads · {contacts} prospects · {customers} customers',
    others: 'Its other leads',
    noOthers: 'No other lead of this company.',
    loadFailed: 'The company could not be loaded.',
  },
  settings: {
    title: 'Campaign settings: where the line is',
    hint: 'Move the line and see what the funnel would have been with these values, over the whole history, before saving.',
    threshold: 'Qualification threshold: BANT answers needed (of 4)',
    maxAttempts: 'Maximum unanswered attempts before nurturing',
    current: 'Now',
    proposed: 'Proposed',
    delta: 'Difference',
    funnel: 'Funnel',
    rates: 'Rates',
    nurturing: 'Leads in nurturing: {current} now, {proposed} proposed',
    basis: '{leads} leads and {events} events folded again',
    computing: 'Folding the history again…',
    unchanged: "These are the campaign's own values.",
    save: 'Save these values',
    saving: 'Saving…',
    saved: 'Saved: the history is being folded again with these values; the funnel will follow.',
    failed: 'The what-if failed: {error}',
    saveFailed: 'Saving failed: {error}',
  },
};
export type AccountsMessages = typeof accountsEn;
