import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, OperationTypeNode } from 'graphql';
import type { RequestContext } from '../auth/current-actor.js';

/** Buckets kept at most; the fullest (idle) ones are dropped first when more arrive. */
const MAX_BUCKETS = 100_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets: `perMinute` requests a minute for each key, in bursts of up to that many. In
 * memory, per instance: with N instances behind a balancer a client gets up to N times the limit.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one request from every key's bucket, or none and says how many seconds until all have one. */
  take(keys: readonly string[]): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (this.perMinute === 0) return { ok: true };
    const now = this.now();
    const buckets = keys.map((key) => this.refilled(key, now));
    const empty = buckets.filter((bucket) => bucket.tokens < 1);
    if (empty.length > 0) {
      const wait = Math.max(...empty.map((bucket) => (1 - bucket.tokens) / (this.perMinute / 60_000)));
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
    }
    for (const bucket of buckets) bucket.tokens -= 1;
    return { ok: true };
  }

  private refilled(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.sweep(now);
      bucket = { tokens: this.perMinute, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) * this.perMinute) / 60_000);
    bucket.at = now;
    return bucket;
  }

  /** Drops buckets that have refilled (their clients have been quiet for a minute). */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) * this.perMinute) / 60_000 >= this.perMinute) this.buckets.delete(key);
    }
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }
}

/**
 * The limits on GraphQL operations, one budget per client whichever transport it uses (HTTP POST,
 * or graphql-ws, where starting a subscription counts as a query): mutations and queries have
 * their own limits, counted per client IP and per credential (the API key, or the token's subject).
 */
export class OperationRateLimits {
  private readonly queries: RateLimiter;
  private readonly mutations: RateLimiter;

  constructor(limits: { queriesPerMinute: number; mutationsPerMinute: number }) {
    this.queries = new RateLimiter(limits.queriesPerMinute);
    this.mutations = new RateLimiter(limits.mutationsPerMinute);
  }

  /** Takes one operation from the caller's budgets; when one is spent, the RATE_LIMITED refusal (HTTP 429, Retry-After). */
  take(operation: OperationTypeNode, context: RequestContext): GraphQLError | null {
    const keys = [`ip:${context.ip}`];
    const credential = context.apiKey
      ? `key:${context.apiKey.split('_')[1] ?? context.apiKey.slice(0, 40)}`
      : context.actor && context.actor.role !== 'PUBLIC'
        ? `sub:${context.actor.role}:${context.actor.id}`
        : null;
    if (credential) keys.push(credential);
    const mutation = operation === OperationTypeNode.MUTATION;
    const outcome = (mutation ? this.mutations : this.queries).take(keys);
    if (outcome.ok) return null;
    const what = mutation ? 'changes' : operation === OperationTypeNode.SUBSCRIPTION ? 'subscriptions' : 'queries';
    return new GraphQLError(`Too many ${what} from this client; try again in ${outcome.retryAfterSeconds} s`, {
      extensions: {
        code: 'RATE_LIMITED',
        retryAfterSeconds: outcome.retryAfterSeconds,
        http: { status: 429, headers: new Map([['retry-after', String(outcome.retryAfterSeconds)]]) },
      },
    });
  }
}

/**
 * Limits each GraphQL request over HTTP once its operation is known, before anything runs.
 * Subscriptions are not counted here: over HTTP they are refused (subscriptions-over-ws.plugin.ts).
 */
export function rateLimitPlugin(limits: OperationRateLimits): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (!operation || operation.operation === OperationTypeNode.SUBSCRIPTION) return;
          const refusal = limits.take(operation.operation, contextValue);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
