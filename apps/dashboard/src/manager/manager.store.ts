/**
 * The managers' view of one campaign: its hot leads (prospects and opportunities, paged from
 * `GET /campaigns/{id}/leads`), the manager's selection, the reassignment suggestions, the audit
 * trail and the personal-callback counts; and the moves — a selection, a suggestion, all of them —
 * with what came of each (moved, with warnings, or refused and why).
 *
 * Operators and their load are not here: they are the campaign-live store's, fed by the one
 * realtime connector. The live `reassigned` and `operator` messages reach this store through
 * `use-manager-live.ts`: a move updates the owners on screen at once, and the lists are read
 * again shortly after (several messages in a burst cost one read).
 *
 * Every move sends `expectedOwners` — the owners on screen — so a lead that changed owner since
 * the manager looked is refused with a 409 (nothing moved); the view then takes the owners the
 * refusal names and reads everything again.
 */
import type {
  AuditEntry,
  CallbackSummary,
  ReassignError,
  ReassignErrorCode,
  ReassignWarning,
  ReassignedMessage,
  ReassignmentSuggestion,
  ReassignmentSuggestions,
  Stage,
} from '@leadboard/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { ApiError, apiClient, type LeadListItem } from '../api/api-client';
import { useSessionStore } from '../stores/session.store';
import { ReassignRefusedError, managerApi } from './manager-api';
import { HOT_STAGES, expectedOwners, type HotStage } from './manager-view';

/** Leads read per request (the API's maximum page). */
export const LEAD_PAGE_SIZE = 500;
/** Audit entries shown. */
export const AUDIT_LIMIT = 50;
/** Outcomes kept on screen, newest first. */
export const OUTCOMES_KEPT = 6;

export type MoveSource = 'selection' | 'drop' | 'suggestion';

export type MoveOutcome =
  | {
      id: number;
      kind: 'moved';
      source: MoveSource;
      toOperatorId: string;
      /** The stages of the leads asked to move (for the noun of the message). */
      stages: Stage[];
      moved: number;
      alreadyOwned: number;
      warnings: ReassignWarning[];
    }
  | {
      id: number;
      kind: 'refused';
      source: MoveSource;
      toOperatorId: string;
      stages: Stage[];
      /** The API's refusal code; `forbidden` for a 403, `failed` for anything else. */
      code: ReassignErrorCode | 'forbidden' | 'failed';
      leadIds: string[];
      currentOwners: Record<string, string | null>;
      stagesByLead: Record<string, Stage>;
      operatorId: string | null;
      message: string;
    };

export type LoadState<T> = { status: 'idle' | 'loading' | 'ready' | 'error'; value: T; error: string | null };

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export const useManagerStore = defineStore('manager', () => {
  const campaignId = ref<string | null>(null);
  /** Hot leads by id: replaced (never mutated) on every change. */
  const leads = shallowRef<ReadonlyMap<string, LeadListItem>>(new Map());
  /** Where each stage's paging stands: the next cursor (null: all read) and how many pages are read. */
  const paging = shallowRef<Record<HotStage, { next: string | null; pages: number }>>({
    prospect: { next: null, pages: 1 },
    opportunity: { next: null, pages: 1 },
  });
  const leadsStatus = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const leadsError = ref<string | null>(null);
  const selected = shallowRef<ReadonlySet<string>>(new Set());
  const suggestions = shallowRef<ReassignmentSuggestions | null>(null);
  const suggestionsError = ref<string | null>(null);
  /** Suggestion ids being applied. */
  const applying = shallowRef<ReadonlySet<string>>(new Set());
  const audit = shallowRef<readonly AuditEntry[]>([]);
  const auditError = ref<string | null>(null);
  const callbacks = shallowRef<CallbackSummary | null>(null);
  const outcomes = shallowRef<readonly MoveOutcome[]>([]);
  const moving = ref(false);
  /** The manager may not use suggestions or moves (a supervisor's 403): not asked again. */
  const forbidden = ref(false);

  const selectedCount = computed(() => selected.value.size);
  const hasMore = computed(() => HOT_STAGES.some((s) => paging.value[s].next !== null));

  let generation = 0;
  let outcomeIds = 0;
  let refreshDelayMs = 400;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  const session = () => useSessionStore();

  /** How long a burst of live messages is gathered before the lists are read again; 0 = at once. */
  function setRefreshDelayMs(ms: number): void {
    refreshDelayMs = Math.max(0, ms);
  }

  function cancelScheduled(): void {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = null;
  }

  /** Shows another campaign (null: none): everything of the previous one is dropped. */
  function select(id: string | null): void {
    if (id === campaignId.value) return;
    generation += 1;
    cancelScheduled();
    campaignId.value = id;
    leads.value = new Map();
    paging.value = { prospect: { next: null, pages: 1 }, opportunity: { next: null, pages: 1 } };
    leadsStatus.value = 'idle';
    leadsError.value = null;
    selected.value = new Set();
    suggestions.value = null;
    suggestionsError.value = null;
    applying.value = new Set();
    audit.value = [];
    auditError.value = null;
    callbacks.value = null;
    outcomes.value = [];
  }

  /** Reads one stage's leads: as many pages as were read before (so "load more" survives a refresh). */
  async function readStage(id: string, stage: HotStage, pages: number): Promise<{ items: LeadListItem[]; next: string | null; pages: number }> {
    const items: LeadListItem[] = [];
    let cursor: string | undefined;
    let read = 0;
    let next: string | null = null;
    do {
      const page = await session().authorized((t) => apiClient().leads(t, id, { stage, cursor, limit: LEAD_PAGE_SIZE }));
      items.push(...page.items);
      read += 1;
      next = page.nextCursor;
      cursor = next ?? undefined;
    } while (next !== null && read < pages);
    return { items, next, pages: read };
  }

  async function refreshLeads(): Promise<void> {
    const id = campaignId.value;
    if (!id) return;
    const gen = generation;
    leadsStatus.value = leads.value.size === 0 ? 'loading' : leadsStatus.value;
    try {
      const [p, o] = await Promise.all(HOT_STAGES.map((s) => readStage(id, s, paging.value[s].pages)));
      if (gen !== generation) return;
      leads.value = new Map([...p.items, ...o.items].map((l) => [l.leadId, l]));
      paging.value = { prospect: { next: p.next, pages: p.pages }, opportunity: { next: o.next, pages: o.pages } };
      // a selected lead that is no longer hot (closed, moved back, gone) is no longer selected
      const kept = [...selected.value].filter((l) => leads.value.has(l));
      if (kept.length !== selected.value.size) selected.value = new Set(kept);
      leadsStatus.value = 'ready';
      leadsError.value = null;
    } catch (err) {
      if (gen !== generation) return;
      leadsStatus.value = 'error';
      leadsError.value = errorText(err);
    }
  }

  /** The next page of each stage that has one. */
  async function loadMore(): Promise<void> {
    const id = campaignId.value;
    if (!id) return;
    const gen = generation;
    try {
      const more = await Promise.all(
        HOT_STAGES.map(async (stage) => {
          const cursor = paging.value[stage].next;
          if (cursor === null) return { stage, items: [] as LeadListItem[], next: null, read: false };
          const page = await session().authorized((t) => apiClient().leads(t, id, { stage, cursor, limit: LEAD_PAGE_SIZE }));
          return { stage, items: page.items, next: page.nextCursor, read: true };
        }),
      );
      if (gen !== generation) return;
      const next = new Map(leads.value);
      const nextPaging = { ...paging.value };
      for (const m of more) {
        for (const l of m.items) next.set(l.leadId, l);
        if (m.read) nextPaging[m.stage] = { next: m.next, pages: paging.value[m.stage].pages + 1 };
      }
      leads.value = next;
      paging.value = nextPaging;
    } catch (err) {
      if (gen !== generation) return;
      leadsError.value = errorText(err);
    }
  }

  async function refreshSuggestions(): Promise<void> {
    const id = campaignId.value;
    if (!id || forbidden.value) return;
    const gen = generation;
    try {
      const next = await session().authorized((t) => managerApi().suggestions(t, id));
      if (gen !== generation) return;
      suggestions.value = next;
      suggestionsError.value = null;
    } catch (err) {
      if (gen !== generation) return;
      if (err instanceof ApiError && err.status === 403) forbidden.value = true;
      suggestionsError.value = errorText(err);
    }
  }

  async function refreshAudit(): Promise<void> {
    const id = campaignId.value;
    if (!id) return;
    const gen = generation;
    try {
      const next = await session().authorized((t) => managerApi().audit(t, { campaignId: id, limit: AUDIT_LIMIT }));
      if (gen !== generation) return;
      audit.value = next;
      auditError.value = null;
    } catch (err) {
      if (gen !== generation) return;
      auditError.value = errorText(err);
    }
  }

  async function refreshCallbacks(): Promise<void> {
    const id = campaignId.value;
    if (!id) return;
    const gen = generation;
    try {
      const next = await session().authorized((t) => managerApi().callbacks(t, id));
      if (gen === generation) callbacks.value = next;
    } catch {
      // counts only: the previous ones stay until the next read
    }
  }

  /** Reads everything of the campaign again. */
  async function refresh(): Promise<void> {
    cancelScheduled();
    await Promise.all([refreshLeads(), refreshSuggestions(), refreshAudit(), refreshCallbacks()]);
  }

  /** A refresh after `refreshDelayMs`; calls in between join it. */
  function scheduleRefresh(): void {
    if (refreshDelayMs === 0) {
      void refresh();
      return;
    }
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      void refresh();
    }, refreshDelayMs);
  }

  // ---- selection ----

  function toggle(leadId: string, on = !selected.value.has(leadId)): void {
    const next = new Set(selected.value);
    if (on) next.add(leadId);
    else next.delete(leadId);
    selected.value = next;
  }

  function selectMany(leadIds: Iterable<string>, on = true): void {
    const next = new Set(selected.value);
    for (const id of leadIds) if (on) next.add(id);
    else next.delete(id);
    selected.value = next;
  }

  function clearSelection(): void {
    selected.value = new Set();
  }

  // ---- moves ----

  function remember(outcome: MoveOutcome): MoveOutcome {
    outcomes.value = [outcome, ...outcomes.value].slice(0, OUTCOMES_KEPT);
    return outcome;
  }

  function dismiss(outcomeId: number): void {
    outcomes.value = outcomes.value.filter((o) => o.id !== outcomeId);
  }

  /** Owners as the server has them now (a live message, a 409): shown at once. */
  function setOwners(owners: Record<string, string | null>, at?: string): void {
    let changed = false;
    const next = new Map(leads.value);
    for (const [leadId, owner] of Object.entries(owners)) {
      const lead = next.get(leadId);
      if (!lead || (lead.ownerOperatorId === owner && !at)) continue;
      next.set(leadId, { ...lead, ownerOperatorId: owner, updatedAt: at ?? lead.updatedAt });
      changed = true;
    }
    if (changed) leads.value = next;
  }

  async function move(
    leadIds: readonly string[],
    toOperatorId: string,
    reason: string,
    source: MoveSource,
    owners: Record<string, string | null> = expectedOwners(leadIds, leads.value),
    refreshAfter = true,
  ): Promise<MoveOutcome> {
    const stages = [...new Set(leadIds.map((id) => leads.value.get(id)?.stage).filter((s): s is Stage => !!s))];
    const gen = generation;
    try {
      const res = await session().authorized((t) =>
        managerApi().reassign(t, { leadIds: [...leadIds], toOperatorId, reason, expectedOwners: owners }),
      );
      if (gen === generation) {
        // shown at once; the live `reassigned` message and the refresh confirm it
        setOwners(Object.fromEntries(leadIds.map((id) => [id, toOperatorId])), new Date().toISOString());
        selectMany(leadIds, false);
      }
      return remember({ id: ++outcomeIds, kind: 'moved', source, toOperatorId, stages, ...res });
    } catch (err) {
      const refusal: Partial<ReassignError> = err instanceof ReassignRefusedError ? err.refusal : {};
      const forbiddenNow = err instanceof ApiError && err.status === 403;
      if (forbiddenNow) forbidden.value = true;
      if (refusal.code === 'owner_changed' && refusal.currentOwners && gen === generation) setOwners(refusal.currentOwners);
      return remember({
        id: ++outcomeIds,
        kind: 'refused',
        source,
        toOperatorId,
        stages,
        code: refusal.code ?? (forbiddenNow ? 'forbidden' : 'failed'),
        leadIds: refusal.leadIds ?? [],
        currentOwners: refusal.currentOwners ?? {},
        stagesByLead: refusal.stages ?? {},
        operatorId: refusal.operatorId ?? null,
        message: errorText(err),
      });
    } finally {
      if (refreshAfter && gen === generation) await refresh();
    }
  }

  /** Moves the selected leads (the move form). */
  async function moveSelection(toOperatorId: string, reason: string): Promise<MoveOutcome | null> {
    const ids = [...selected.value];
    if (ids.length === 0) return null;
    moving.value = true;
    try {
      return await move(ids, toOperatorId, reason, 'selection');
    } finally {
      moving.value = false;
    }
  }

  /** Moves the leads dropped on an operator's column. */
  async function moveDropped(leadIds: readonly string[], toOperatorId: string, reason: string): Promise<MoveOutcome | null> {
    if (leadIds.length === 0) return null;
    moving.value = true;
    try {
      return await move(leadIds, toOperatorId, reason, 'drop');
    } finally {
      moving.value = false;
    }
  }

  async function applyOne(s: ReassignmentSuggestion, reason: string, refreshAfter: boolean): Promise<MoveOutcome | null> {
    if (applying.value.has(s.id)) return null;
    applying.value = new Set([...applying.value, s.id]);
    try {
      const outcome = await move(s.leadIds, s.toOperatorId, reason, 'suggestion', s.expectedOwners, refreshAfter);
      if (outcome.kind === 'moved' && suggestions.value) {
        suggestions.value = { ...suggestions.value, suggestions: suggestions.value.suggestions.filter((x) => x.id !== s.id) };
      }
      return outcome;
    } finally {
      const next = new Set(applying.value);
      next.delete(s.id);
      applying.value = next;
    }
  }

  /**
   * Applies one suggestion as proposed: its leads, its target, and the owners it saw (so a lead
   * that moved since is a 409, not a silent override). `reason` is its text in the manager's
   * language (the audit trail's reason).
   */
  async function applySuggestion(suggestionId: string, reason: string): Promise<MoveOutcome | null> {
    const s = suggestions.value?.suggestions.find((x) => x.id === suggestionId);
    return s ? applyOne(s, reason, true) : null;
  }

  /**
   * Applies the suggestions on screen — the ones the manager read — one request each, in their
   * order (most urgent first), then reads everything again. Each carries its own `expectedOwners`,
   * so one refused does not stop the others.
   */
  async function applyAll(reasonOf: (suggestionId: string) => string): Promise<MoveOutcome[]> {
    const shown = [...(suggestions.value?.suggestions ?? [])];
    if (shown.length === 0) return [];
    const gen = generation;
    moving.value = true;
    const done: MoveOutcome[] = [];
    try {
      for (const s of shown) {
        if (gen !== generation) break;
        const outcome = await applyOne(s, reasonOf(s.id), false);
        if (outcome) done.push(outcome);
      }
    } finally {
      moving.value = false;
      if (gen === generation) await refresh();
    }
    return done;
  }

  // ---- live ----

  /** A live `reassigned` message of the campaign: the new owners at once, the lists read again soon. */
  function applyReassigned(msg: ReassignedMessage): void {
    if (msg.campaignId !== campaignId.value) return;
    setOwners(Object.fromEntries(msg.moves.map((m) => [m.leadId, msg.toOperatorId])), msg.at);
    scheduleRefresh();
  }

  /** An operator's state or load changed (suggestions depend on both): read again soon. */
  function operatorChanged(msgCampaignId: string | null): void {
    if (msgCampaignId !== null && msgCampaignId !== campaignId.value) return;
    scheduleRefresh();
  }

  function dispose(): void {
    cancelScheduled();
    generation += 1;
  }

  return {
    campaignId,
    leads,
    paging,
    leadsStatus,
    leadsError,
    selected,
    selectedCount,
    hasMore,
    suggestions,
    suggestionsError,
    applying,
    audit,
    auditError,
    callbacks,
    outcomes,
    moving,
    forbidden,
    setRefreshDelayMs,
    select,
    refresh,
    refreshLeads,
    refreshSuggestions,
    refreshAudit,
    refreshCallbacks,
    scheduleRefresh,
    loadMore,
    toggle,
    selectMany,
    clearSelection,
    dismiss,
    moveSelection,
    moveDropped,
    applySuggestion,
    applyAll,
    applyReassigned,
    operatorChanged,
    dispose,
  };
});
