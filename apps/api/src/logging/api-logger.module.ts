/**
 * JSON logs (nestjs-pino): Nest's own log lines and one line per HTTP request with its id, method,
 * path (never the query string), route pattern, status and time. Probes (`/health/*`, `/metrics`)
 * are not logged. See libs/server's log-options.ts for what is redacted and why.
 */
import { Global, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_CONFIG, pinoOptions, type AppConfig } from '@leadboard/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { EVERY_ROUTE } from '../operations/every-route';
import { routeLabel, type RoutedRequest } from '../metrics/route-label';
import { RequestContextMiddleware } from './request-context.middleware';
import { assignRequestId } from './request-id';

const PROBES = /^\/(health|metrics)(\/|\?|$)/;

function pathOnly(url: unknown): string {
  return typeof url === 'string' ? url.split('?')[0] : '';
}

const pinoLoggerModule: DynamicModule = {
  ...LoggerModule.forRootAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => {
      const base = pinoOptions(config, 'api');
      return {
        pinoHttp: {
          ...base,
          genReqId: (req: IncomingMessage, res: ServerResponse) => assignRequestId(req, res),
          serializers: {
            ...base.serializers,
            // pino's default request serializer logs the URL with its query, and every header.
            req: (req: { id?: unknown; method?: unknown; url?: unknown }) => ({ id: req.id, method: req.method, path: pathOnly(req.url) }),
            res: (res: { statusCode?: unknown }) => ({ statusCode: res.statusCode }),
          },
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
            err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          customSuccessObject: (req: IncomingMessage, res: ServerResponse, value: object) => ({ ...value, route: routeLabel(req as unknown as RoutedRequest, res.statusCode) }),
          customErrorObject: (req: IncomingMessage, res: ServerResponse, _err: Error, value: object) => ({ ...value, route: routeLabel(req as unknown as RoutedRequest, res.statusCode) }),
          autoLogging: { ignore: (req: IncomingMessage) => PROBES.test(req.url ?? '') },
        },
        forRoutes: [EVERY_ROUTE],
      };
    },
  }),
  // Global, so its middleware runs with the other global ones, before any module's (the queue UI's).
  global: true,
};

@Global()
@Module({ imports: [pinoLoggerModule], providers: [RequestContextMiddleware], exports: [pinoLoggerModule] })
export class ApiLoggerModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes(EVERY_ROUTE);
  }
}
