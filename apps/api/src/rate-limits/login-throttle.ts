/**
 * Login attempts: after RATE_LIMIT_LOGIN_FAILURES failed logins within the window from one IP
 * address, or for one e-mail, further logins from that address / for that e-mail are refused (429,
 * Retry-After) until the window's block ends — whatever the password, so guessing stops. Only
 * failures count, so a room of supervisors behind one address logging in at 9:00 is never refused;
 * a success forgets the e-mail's failures. E-mails are hashed into the key (no address in Redis).
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@leadboard/server';
import { RateLimitStorage } from './rate-limit.storage';

const BY_IP = 'login-ip';
const BY_EMAIL = 'login-email';

@Injectable()
export class LoginThrottle {
  constructor(
    private readonly storage: RateLimitStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Seconds to wait before trying again (0: allowed). */
  async retryAfterSeconds(ip: string, email: string): Promise<number> {
    const [byIp, byEmail] = await Promise.all([this.storage.blockedForMs(ip, BY_IP), this.storage.blockedForMs(emailKey(email), BY_EMAIL)]);
    return Math.ceil(Math.max(byIp, byEmail) / 1000);
  }

  async recordFailure(ip: string, email: string): Promise<void> {
    const { loginFailures, loginWindowSeconds } = this.config.rateLimits;
    const windowMs = loginWindowSeconds * 1000;
    // The storage blocks once the hits exceed its limit: a limit of failures − 1 blocks right after
    // the last allowed failure, so the next attempt is the one refused.
    await Promise.all([
      this.storage.increment(ip, windowMs, loginFailures - 1, windowMs, BY_IP),
      this.storage.increment(emailKey(email), windowMs, loginFailures - 1, windowMs, BY_EMAIL),
    ]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.storage.reset(emailKey(email), BY_EMAIL);
  }
}

function emailKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}
