import { Module } from '@nestjs/common';
import { RateLimitStorage } from './rate-limit.storage';

/** The Redis storage of every rate limit (the throttler's, the login's, the live channel's). */
@Module({ providers: [RateLimitStorage], exports: [RateLimitStorage] })
export class RateLimitModule {}
