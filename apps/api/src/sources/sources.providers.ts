import { MetaSourceStore } from '@leadboard/server';
import { SourceHealthReader } from './source-health.reader';
import { SourceTestEventService } from './source-test-event.service';
import { SourcesService } from './sources.service';

/** The Sources feature's providers (its controller is `SourcesController`); it reads the Meta sources' names from their store. */
export const SOURCES_PROVIDERS = [SourceHealthReader, MetaSourceStore, SourcesService, SourceTestEventService];
