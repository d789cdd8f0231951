import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { DomainError } from '../../contexts/domain-error.js';
import { ruleFor, type CallerRole } from './access-policy.js';
import type { RequestContext } from './current-actor.js';
import { UnauthenticatedError } from './token-verifier.js';

const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * The one gate every query, mutation and subscription passes: the caller's role must have a cell
 * in the access matrix (an operation the matrix does not name is closed to all). Scopes within
 * the cell are checked where the target is known, with the same matrix (`permits`).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  canActivate(execution: ExecutionContext): boolean {
    if (execution.getType<string>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(execution);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (!ROOTS.has(info.parentType.name)) return true;
    const operation = `${info.parentType.name}.${info.fieldName}`;
    const context = gql.getContext<RequestContext>();
    if (!context.actor) throw new UnauthenticatedError(context.authError ?? 'Not authenticated');
    const role = context.actor.role;
    if (ruleFor(operation)?.[role as CallerRole]) return true;
    if (role === 'PUBLIC') throw new UnauthenticatedError(`${info.fieldName} needs a signed-in caller: send "Authorization: Bearer <token>" or an API key`);
    throw new DomainError('FORBIDDEN', `A ${role} may not use ${info.fieldName}`, { role });
  }
}
