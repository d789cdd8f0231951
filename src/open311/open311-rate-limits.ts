import { RateLimiter } from '../graphql/rate-limiter.js';
import type { AppConfig } from '../config/config.js';
import { Open311Error } from './open311-error.js';

/**
 * The GraphQL limits applied to the bridge: reads count as queries and POST requests as mutations,
 * per client IP and per API key, RATE_LIMIT_QUERIES_PER_MINUTE and RATE_LIMIT_MUTATIONS_PER_MINUTE
 * a minute. The bridge keeps its own buckets (GraphQL's live in its Apollo options), so a client
 * may use the limit on each door.
 */
export class Open311RateLimits {
  private readonly reads: RateLimiter;
  private readonly writes: RateLimiter;

  constructor(limits: AppConfig['rateLimits']) {
    this.reads = new RateLimiter(limits.queriesPerMinute);
    this.writes = new RateLimiter(limits.mutationsPerMinute);
  }

  /** Takes one call from the client's budgets, or throws the 429 refusal with its Retry-After. */
  take(write: boolean, ip: string, apiKey: string | null): void {
    const keys = [`ip:${ip}`];
    if (apiKey) keys.push(`key:${apiKey.split('_')[1] ?? apiKey.slice(0, 40)}`);
    const outcome = (write ? this.writes : this.reads).take(keys);
    if (!outcome.ok)
      throw new Open311Error(
        429,
        [
          {
            code: 429,
            description: `Too many ${write ? 'requests posted' : 'reads'} from this client; try again in ${outcome.retryAfterSeconds} s`,
          },
        ],
        outcome.retryAfterSeconds,
      );
  }
}
