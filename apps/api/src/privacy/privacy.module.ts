import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { EVENTS_QUEUE, LeadErasure, eventsQueueStep, type IngestBatchJob } from '@leadboard/server';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { PrivacyController } from './privacy.controller';

/** The stores a lead's personal data is erased from: PostgreSQL's (the default steps) and the events queue's jobs. */
@Module({
  imports: [BullModule.registerQueue({ name: EVENTS_QUEUE })],
  controllers: [PrivacyController],
  providers: [
    {
      provide: LeadErasure,
      inject: [DataSource, getQueueToken(EVENTS_QUEUE)],
      useFactory: (ds: DataSource, queue: Queue<IngestBatchJob>) => new LeadErasure(ds, [eventsQueueStep(queue)]),
    },
  ],
})
export class PrivacyModule {}
