/** The API process: REST (ingest, reads, auth, health) and the socket.io `/live` gateway. */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, MAX_BODY_BYTES_LABEL, loadApiConfig, type AppConfig } from './bootstrap-config';
import { ApiModule } from './api.module';
import { RedisIoAdapter } from './live/redis-io.adapter';
import { securityHeaders } from './security/http-hardening';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadApiConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  // rawBody: the exact bytes stay on `req.rawBody`, for webhook signatures (Meta signs the bytes, not the JSON).
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, { bodyParser: false, rawBody: true, bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  // req.ip (rate limits, audit) is the client's, not a proxy's, only behind the proxies TRUST_PROXY names.
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  // The contract's size limit: a body over 5 MB is answered 413 before it is parsed.
  app.useBodyParser('json', { limit: MAX_BODY_BYTES_LABEL });
  app.useWebSocketAdapter(new RedisIoAdapter(app, config));
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  Logger.log(`API listening on http://${config.host}:${config.port}`, 'Api');
}

void bootstrap();
