import { validateIngestBody, type IngestEvent } from '@leadboard/contracts';
import { foldLeadEvents, summarizeLeads, DEFAULT_CAMPAIGN_RULES, mapDisposition, type LeadEvent } from '@leadboard/domain';
import { CallCenterModel } from './call-center.model';

it('explore', () => {
  let t = Date.parse('2026-11-23T09:00:00Z');
  const sim = new CallCenterModel({ seed: 1, clock: () => (t += 17), runId: 'x' });
  const raw = sim.take(Number(process.env.N ?? 50000));
  const parsed: IngestEvent[] = [];
  for (let i = 0; i < raw.length; i += 1000) { const r = validateIngestBody({ events: raw.slice(i, i + 1000) }); if (!r.ok) throw new Error('bad'); parsed.push(...r.events); }
  const byType: Record<string, number> = {};
  for (const e of parsed) byType[e.type] = (byType[e.type] ?? 0) + 1;
  const perCampaign = new Map<string, Map<string, LeadEvent[]>>();
  const dispo: Record<string, number> = {};
  for (const e of parsed) {
    if (e.type === 'operator.state') continue;
    if (e.type === 'call.outcome') { const d = mapDisposition(e.disposition).disposition; dispo[d] = (dispo[d] ?? 0) + 1; }
    const m = perCampaign.get(e.campaignId) ?? new Map(); perCampaign.set(e.campaignId, m);
    const l = m.get(e.leadId) ?? []; l.push(e); m.set(e.leadId, l);
  }
  const out: string[] = [JSON.stringify(byType), JSON.stringify(dispo)];
  for (const [c, leads] of perCampaign) {
    let viol = 0;
    const states = [...leads.values()].map((evs) => { const f = foldLeadEvents(evs, DEFAULT_CAMPAIGN_RULES); viol += f.dncViolations.length; return f.state; });
    const s = summarizeLeads(states);
    const calls = [...leads.values()].flat().filter((e) => e.type === 'call.outcome');
    const contacts = calls.filter((e) => e.type === 'call.outcome' && ['NOT_INTERESTED','NOT_NOW','CALLBACK','INTERESTED','QUALIFIED','TRANSFERRED','APPOINTMENT_SET','SALE','DO_NOT_CALL'].includes(mapDisposition(e.disposition).disposition)).length;
    const drops = calls.filter((e) => e.type === 'call.outcome' && mapDisposition(e.disposition).disposition === 'DROPPED').length;
    out.push(`${c} viol=${viol} dropRate=${(drops/(contacts+drops)).toFixed(3)} ${JSON.stringify(s)}`);
  }
  out.push(JSON.stringify(sim.openLeads()));
  console.log(out.join('\n'));
});
