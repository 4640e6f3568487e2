import { MetaSourceNames } from './meta-source-names';
import { SourceHealthReader } from './source-health.reader';
import { SourceTestEventService } from './source-test-event.service';
import { SourcesService } from './sources.service';

/** The Sources feature's providers (its controller is `SourcesController`). */
export const SOURCES_PROVIDERS = [SourceHealthReader, MetaSourceNames, SourcesService, SourceTestEventService];
