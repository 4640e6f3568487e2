/** The managers' feature services, registered in ApiModule (they use its LiveGateway and ReadModelService). */
import { CallbackSummaryService } from './callback-summary.service';
import { OperatorSettingsService } from './operator-settings.service';
import { ReassignmentSuggestionsService } from './reassignment-suggestions.service';
import { ReassignmentService } from './reassignment.service';

export const REASSIGNMENT_PROVIDERS = [ReassignmentService, ReassignmentSuggestionsService, OperatorSettingsService, CallbackSummaryService];
