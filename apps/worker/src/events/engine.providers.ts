/** The engine's parts for the worker's module: each injected, so a test or a feature can replace one. */
import type { Provider } from '@nestjs/common';
import { SequenceAllocator } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { KnownCustomerStep } from '../classification/known-customer-flagger';
import { AccountStep } from '../accounts/account-step';
import { DispositionTables, DncAlerts, LostLeadAlerts } from './engine-adapters';
import { EventApplier, type AfterLeadsWritten } from './event-applier';
import { EventStore } from './event-store';
import { IngestSetRunner } from './ingest-set.runner';
import { LeadRepository } from './lead.repository';
import { OperatorRepository } from './operator.repository';

/** Token of the steps run after the leads' new state is written (see `AfterLeadsWritten`), in this order. */
export const AFTER_LEADS_WRITTEN = Symbol('AFTER_LEADS_WRITTEN');

export const engineProviders: Provider[] = [
  EventStore,
  LeadRepository,
  OperatorRepository,
  SequenceAllocator,
  DispositionTables,
  DncAlerts,
  LostLeadAlerts,
  KnownCustomerStep,
  AccountStep,
  {
    provide: AFTER_LEADS_WRITTEN,
    // A lead's priority is not a step: the applier computes it with the lead's state and writes both at once.
    inject: [KnownCustomerStep, AccountStep],
    useFactory: (...steps: AfterLeadsWritten[]): AfterLeadsWritten[] => steps,
  },
  {
    provide: EventApplier,
    inject: [DataSource, EventStore, LeadRepository, OperatorRepository, SequenceAllocator, DispositionTables, DncAlerts, LostLeadAlerts, AFTER_LEADS_WRITTEN],
    useFactory: (
      ds: DataSource,
      events: EventStore,
      leads: LeadRepository,
      operators: OperatorRepository,
      sequence: SequenceAllocator,
      dispositions: DispositionTables,
      dncAlerts: DncAlerts,
      lostLeadAlerts: LostLeadAlerts,
      afterLeadsWritten: AfterLeadsWritten[],
    ) => new EventApplier(ds, { events, leads, operators, sequence, dispositions, dncAlerts, lostLeadAlerts, afterLeadsWritten }),
  },
  IngestSetRunner,
];
