import { Global, Module } from '@nestjs/common';
import { LeadboardMetrics } from './leadboard-metrics';

/** The process's metrics registry, for every module of the API or the worker. */
@Global()
@Module({ providers: [LeadboardMetrics], exports: [LeadboardMetrics] })
export class ObservabilityModule {}
