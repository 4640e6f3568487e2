/** The worker process: a Nest application context running the BullMQ processors, nothing else. */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { ConfigError, loadAppConfig } from '@leadboard/server';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  try {
    loadAppConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();
  Logger.log(`worker started (pid ${process.pid})`, 'Worker');
}

void bootstrap();
