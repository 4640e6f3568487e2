/**
 * Bull Board at `/admin/queues`, for admins, showing every queue of MONITORED_QUEUES: a full board
 * for the admins named in QUEUE_BOARD_ADMINS, a read-only one for the others, both showing job data
 * as ids and counts. Mounted on Express once Nest's routes are registered, behind
 * QueueBoardAuthMiddleware.
 */
import { getQueueToken } from '@nestjs/bullmq';
import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { IServerAdapter } from '@bull-board/api/typings/app';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Express, RequestHandler } from 'express';
import { MONITORED_QUEUES } from '../operations/monitored-queues';
import { summarizeJobData } from './job-data-summary';
import { QueueBoardAuthMiddleware } from './queue-board-auth.middleware';
import { QUEUE_BOARD_PATH, QueueBoardSessions, type QueueBoardMode } from './queue-board-sessions';

// Global: the admin endpoint that opens a session (AdminController) injects QueueBoardSessions.
@Global()
@Module({ providers: [QueueBoardSessions, QueueBoardAuthMiddleware], exports: [QueueBoardSessions] })
export class QueueBoardModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly auth: QueueBoardAuthMiddleware,
  ) {}

  onModuleInit(): void {
    const boards: Record<QueueBoardMode, RequestHandler> = { full: this.board(false), 'read-only': this.board(true) };
    const app = this.adapterHost.httpAdapter.getInstance<Express>();
    app.use(QUEUE_BOARD_PATH, this.auth.handler(boards));
  }

  private board(readOnlyMode: boolean): RequestHandler {
    const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_BOARD_PATH);
    const queues = MONITORED_QUEUES.map((name) => {
      const adapter = new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }), { readOnlyMode });
      adapter.setFormatter('data', summarizeJobData);
      adapter.setFormatter('returnValue', summarizeJobData);
      return adapter;
    });
    const boardTitle = readOnlyMode ? 'Leadboard queues (read-only)' : 'Leadboard queues';
    // @bull-board/express 9.10.1 carries its own copy of @bull-board/api (9.10.1) beside ours (9.10.2):
    // the same interface in two declarations, hence the cast; the adapter only relays routes.
    createBullBoard({ queues, serverAdapter: serverAdapter as unknown as IServerAdapter, options: { uiConfig: { boardTitle } } });
    return serverAdapter.getRouter() as RequestHandler;
  }
}
