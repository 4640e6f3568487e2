import { summarizeJobData } from './job-data-summary';

describe('summarizeJobData', () => {
  it('shows an ingest job by its ids and the number of its events, never their contents', () => {
    const job = {
      tenantId: 't-1',
      requestId: 'req-1',
      receivedAt: '2026-11-23T09:00:00.000Z',
      events: [{ type: 'lead.created', lead: { name: 'Maria Rossi', phone: '+39 333 000 0000' } }],
    };
    expect(summarizeJobData(job)).toEqual({ tenantId: 't-1', requestId: 'req-1', receivedAt: '2026-11-23T09:00:00.000Z', events: '1 item(s)' });
    expect(JSON.stringify(summarizeJobData(job))).not.toMatch(/Rossi|\+39/);
  });

  it('leaves out any field it does not know, and says how many', () => {
    expect(summarizeJobData({ tenantId: 't-1', fileName: 'rossi-mario.csv', lead: { email: 'm@x.it' } })).toEqual({ tenantId: 't-1', hiddenFields: 2 });
  });
});
