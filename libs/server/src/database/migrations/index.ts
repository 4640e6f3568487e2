import { InitialSchema1763884800000 } from './1763884800000-initial-schema';
import { IncrementalMetrics1763971200000 } from './1763971200000-incremental-metrics';
import { Alerts1764057600000 } from './1764057600000-alerts';
import { Reassignment1764230400000 } from './1764230400000-reassignment';
import { StageSince1764316800000 } from './1764316800000-stage-since';
import { LeanWriteIndexes1764403200000 } from './1764403200000-lean-write-indexes';
import { SourceActivity1764460800000 } from './1764460800000-source-activity';
import { DispositionMappings1764489600000 } from './1764489600000-disposition-mappings';
import { MetaSources1764576000000 } from './1764576000000-meta-sources';
import { Imports1764662400000 } from './1764662400000-imports';
import { Security1764748800000 } from './1764748800000-security';
import { ProspectHandoff1764835200000 } from './1764835200000-prospect-handoff';
import { LeadPriority1765267200000 } from './1765267200000-lead-priority';
import { ClassificationContribution1765353600000 } from './1765353600000-classification-contribution';
import { Accounts1765440000000 } from './1765440000000-accounts';
import { WhatIfHistory1765440000001 } from './1765440000001-what-if-history';
import { TenantWalls1765526400000 } from './1765526400000-tenant-walls';
import { TenantWallsForced1765612800000 } from './1765612800000-tenant-walls-forced';
import { LeadCallCodes1765699200000 } from './1765699200000-lead-call-codes';
import { LeanEventIndex1765785600000 } from './1765785600000-lean-event-index';
import { CustomerContactIndexes1765785600001 } from './1765785600001-customer-contact-indexes';
import { RedundantLeadIndex1765785600002 } from './1765785600002-redundant-lead-index';
import { PriorityNextAt1765785600003 } from './1765785600003-priority-next-at';
import { KnownCustomerCount1765872000000 } from './1765872000000-known-customer-count';
import { AppendOnlyTenantCascade1765958400000 } from './1765958400000-append-only-tenant-cascade';

/** Every migration, in order. Listed explicitly so the bundled apps need no glob at run time. */
export const MIGRATIONS = [InitialSchema1763884800000, IncrementalMetrics1763971200000, Alerts1764057600000, Reassignment1764230400000, StageSince1764316800000, LeanWriteIndexes1764403200000, SourceActivity1764460800000, DispositionMappings1764489600000, MetaSources1764576000000, Imports1764662400000, Security1764748800000, ProspectHandoff1764835200000, LeadPriority1765267200000, ClassificationContribution1765353600000, Accounts1765440000000, WhatIfHistory1765440000001, TenantWalls1765526400000, TenantWallsForced1765612800000, LeadCallCodes1765699200000, LeanEventIndex1765785600000, CustomerContactIndexes1765785600001, RedundantLeadIndex1765785600002, PriorityNextAt1765785600003, KnownCustomerCount1765872000000, AppendOnlyTenantCascade1765958400000];
