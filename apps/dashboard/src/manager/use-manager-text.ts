/**
 * The managers' view in words, in the interface language: lead counts as noun phrases, operators by
 * name, suggestions from their `messageKey` + `params` (never the server's English `message`), and
 * what came of a move — including which leads changed owner when the API refused with a 409.
 */
import type { ReassignmentSuggestion, ReassignmentSuggestions, Stage } from '@leadboard/contracts';
import { useI18n } from 'vue-i18n';
import { useLocale } from '../composables/use-locale';
import { formatCount, formatDurationWords } from '../format/format';
import { useCampaignLiveStore } from '../stores/campaign-live.store';
import type { MoveOutcome } from './manager.store';
import { changedOwners, listIds, nounKey, nounKindOf, type NounKind } from './manager-view';

export interface OutcomeText {
  /** The headline: done, or why nothing was moved. */
  text: string;
  /** Details: the leads that changed owner (409), the junior-target warnings. */
  lines: string[];
  tone: 'ok' | 'warning' | 'error';
}

export function useManagerText() {
  const { t } = useI18n();
  const locale = useLocale();
  const live = useCampaignLiveStore();

  const count = (n: number) => formatCount(n, locale.value);
  const phrase = (kind: NounKind, n: number) => t(nounKey(kind, n), { count: count(n) });
  const operator = (id: string | null | undefined) => (id ? (live.operatorName(id) ?? id) : t('manager.leads.nobody'));

  function suggestion(s: ReassignmentSuggestion): string {
    const p = s.params;
    const n = Number(p.count ?? s.leadIds.length);
    return t(`manager.${s.messageKey}`, {
      leads: phrase(s.stage, n),
      to: live.operators.get(s.toOperatorId)?.name ?? s.toOperatorName ?? String(p.to ?? s.toOperatorId),
      toOpen: count(Number(p.toOpen ?? 0)),
      sla: formatDurationWords(Number(p.slaSeconds ?? 0), locale.value),
      from: p.fromOperatorId ? operator(String(p.fromOperatorId)) : String(p.from ?? ''),
      fromOpen: count(Number(p.fromOpen ?? 0)),
      cap: count(Number(p.cap ?? 0)),
    });
  }

  function unplaced(u: NonNullable<ReassignmentSuggestions['unplaced']>): string {
    return t('manager.reassignment.unplaced', { leads: phrase('hot', u.count), cap: count(Number(u.params.cap ?? 0)) });
  }

  function policy(s: ReassignmentSuggestions): string {
    return t('manager.suggestions.policy', {
      sla: formatDurationWords(s.policy.prospectSlaSeconds, locale.value),
      cap: count(s.policy.seniorCap),
    });
  }

  function outcome(o: MoveOutcome, stageOf: (leadId: string) => Stage | undefined): OutcomeText {
    const to = operator(o.toOperatorId);
    const kind = nounKindOf(o.stages);
    if (o.kind === 'moved') {
      const parts: string[] = [];
      if (o.moved > 0 || o.alreadyOwned === 0) parts.push(t('manager.result.moved', { leads: phrase(kind, o.moved), to }));
      if (o.alreadyOwned > 0) parts.push(t('manager.result.alreadyOwned', { leads: phrase(kind, o.alreadyOwned), to }));
      const lines = o.warnings.map((w) => {
        const stages = w.leadIds.map(stageOf).filter((s): s is Stage => !!s);
        const n = Number(w.params.count ?? w.leadIds.length);
        return t('manager.warning.juniorTarget', { to, leads: phrase(stages.length ? nounKindOf(stages) : 'hot', n) });
      });
      return { text: parts.join(' '), lines, tone: lines.length > 0 ? 'warning' : 'ok' };
    }
    const n = o.leadIds.length;
    switch (o.code) {
      case 'owner_changed':
        return {
          text: t('manager.refusal.ownerChanged', { leads: phrase(kindOfIds(o.leadIds, stageOf, 'lead'), n) }),
          lines: changedOwners(o).map((c) => t('manager.refusal.changedLead', { leadId: c.leadId, owner: operator(c.ownerOperatorId) })),
          tone: 'error',
        };
      case 'unknown_leads':
        return { text: t('manager.refusal.unknownLeads', { leads: phrase('lead', n), list: listIds(o.leadIds) }), lines: [], tone: 'error' };
      case 'closed_leads': {
        const labelled = o.leadIds.map((id) => (o.stagesByLead[id] ? `${id} (${t(`leadStage.${o.stagesByLead[id]}`)})` : id));
        return { text: t('manager.refusal.closedLeads', { leads: phrase('lead', n), list: listIds(labelled) }), lines: [], tone: 'error' };
      }
      case 'unknown_operator':
        return { text: t('manager.refusal.unknownOperator', { operator: o.operatorId ?? o.toOperatorId }), lines: [], tone: 'error' };
      case 'offline_operator':
        return { text: t('manager.refusal.offlineOperator', { operator: operator(o.operatorId ?? o.toOperatorId) }), lines: [], tone: 'error' };
      case 'forbidden':
        return { text: t('manager.refusal.forbidden'), lines: [], tone: 'error' };
      default:
        return { text: t('manager.refusal.failed', { error: o.message }), lines: [], tone: 'error' };
    }
  }

  return { t, locale, count, phrase, operator, suggestion, unplaced, policy, outcome };
}

function kindOfIds(ids: readonly string[], stageOf: (leadId: string) => Stage | undefined, fallback: NounKind): NounKind {
  const stages = ids.map(stageOf).filter((s): s is Stage => !!s);
  return stages.length === ids.length && stages.length > 0 ? nounKindOf(stages) : fallback;
}
