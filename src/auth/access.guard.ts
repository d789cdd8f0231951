import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { DomainError } from '../../contexts/domain-error.js';
import { ruleFor, type CallerRole } from './access-policy.js';
import type { RequestContext } from './current-actor.js';
import { ApiKeyRegistry } from '../integrators/api-key-registry.js';
import { UnauthenticatedError } from './token-verifier.js';

const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * The one gate every query, mutation and subscription passes: the caller's role must have a cell
 * in the access matrix (an operation the matrix does not name is closed to all). Scopes within
 * the cell are checked where the target is known, with the same matrix (`permits`).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly keyChecks = new WeakMap<RequestContext, Promise<void>>();

  constructor(private readonly apiKeys: ApiKeyRegistry) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    if (execution.getType<string>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(execution);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (!ROOTS.has(info.parentType.name)) return true;
    const operation = `${info.parentType.name}.${info.fieldName}`;
    const context = gql.getContext<RequestContext>();
    if (context.apiKey) await this.authenticateKey(context);
    if (!context.actor) throw new UnauthenticatedError(context.authError ?? 'Not authenticated');
    const { role, apiKey } = context.actor;
    if (apiKey && info.parentType.name === 'Mutation' && !apiKey.mutations.includes(info.fieldName)) {
      throw new DomainError(
        'FORBIDDEN',
        `This API key may not call ${info.fieldName}; it may call ${apiKey.mutations.join(', ') || 'no mutation'}`,
        { apiKeyId: apiKey.id },
      );
    }
    if (ruleFor(operation)?.[role as CallerRole]) return true;
    if (role === 'PUBLIC')
      throw new UnauthenticatedError(
        `${info.fieldName} needs a signed-in caller: send "Authorization: Bearer <token>" or an API key`,
      );
    throw new DomainError('FORBIDDEN', `A ${role} may not use ${info.fieldName}`, { role });
  }

  /** Once per request, however many root fields it has (graphql-js runs a query's root fields at once). */
  private authenticateKey(context: RequestContext): Promise<void> {
    let check = this.keyChecks.get(context);
    if (!check) {
      check = this.apiKeys.authenticate(context.apiKey!).then(
        (actor) => void (context.actor = actor),
        (error: unknown) => {
          if (!(error instanceof UnauthenticatedError)) throw error;
          context.authError = error.message;
        },
      );
      this.keyChecks.set(context, check);
    }
    return check;
  }
}
