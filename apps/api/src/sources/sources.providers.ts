import { SourceHealthReader } from './source-health.reader';
import { SourceTestEventService } from './source-test-event.service';
import { SourcesService } from './sources.service';

/** The Sources feature's providers (its controller is `SourcesController`); it reads the Meta sources' names from their store (`MetaSourceStore`, provided with the Meta integration). */
export const SOURCES_PROVIDERS = [SourceHealthReader, SourcesService, SourceTestEventService];
