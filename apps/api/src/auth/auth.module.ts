/**
 * Authentication, rate limits and the security audit for the whole API, global so that every
 * feature module's controllers can use @Auth (and get the per-key rate limit and the audit) with
 * no wiring of their own.
 */
import { Global, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, SecurityAuditLog, TenantDatabase, type AppConfig } from '@leadboard/server';
import { IngestThrottleGuard, INGEST_THROTTLER } from '../rate-limits/ingest-throttle.guard';
import { LoginThrottle } from '../rate-limits/login-throttle';
import { RateLimitModule } from '../rate-limits/rate-limit.module';
import { RateLimitStorage } from '../rate-limits/rate-limit.storage';
import { SecurityAuditMiddleware } from '../security/security-audit.middleware';
import { AccessChangeBus } from './access-change-bus';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { PrincipalCache } from './principal-cache';

@Global()
@Module({
  imports: [
    RateLimitModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitModule],
      inject: [APP_CONFIG, RateLimitStorage],
      useFactory: (config: AppConfig, storage: RateLimitStorage) => ({
        throttlers: [{ name: INGEST_THROTTLER, ttl: 1000, limit: config.rateLimits.ingestPerSecond, setHeaders: false }],
        storage,
      }),
    }),
    // No secret here on purpose: AuthService signs and verifies with the configured keys, named by kid.
    JwtModule.register({}),
  ],
  controllers: [AuthController],
  providers: [AccessChangeBus, PrincipalCache, AuthService, AuthGuard, IngestThrottleGuard, LoginThrottle, SecurityAuditLog, TenantDatabase],
  exports: [AccessChangeBus, PrincipalCache, AuthService, AuthGuard, IngestThrottleGuard, SecurityAuditLog, TenantDatabase, RateLimitModule],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SecurityAuditMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
