import { AccessKeyEntity } from './access-key.entity';
import { CampaignEntity } from './campaign.entity';
import { DeadLetterEntity } from './dead-letter.entity';
import { OperatorEntity } from './operator.entity';
import { TenantEntity } from './tenant.entity';
import { UserEntity } from './user.entity';

export { AccessKeyEntity, CampaignEntity, DeadLetterEntity, OperatorEntity, TenantEntity, UserEntity };
export type { AccessKeyKind } from './access-key.entity';

/**
 * Tables read and written row by row. The hot tables (leads, events, stage_transitions) are
 * written with multi-row SQL by the event applier and read with SQL aggregates.
 */
export const ENTITIES = [TenantEntity, UserEntity, AccessKeyEntity, CampaignEntity, OperatorEntity, DeadLetterEntity];
