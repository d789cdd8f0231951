import { DomainError } from '../domain-error.js';
import type { Actor } from './actor.js';

/** In a `u` pattern a surrogate class matches only surrogates that are not half of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

/**
 * Who someone is, as one string `kind:id`, so that ownership compares principals, never bare ids
 * from different namespaces. Each id is percent-encoded, so no value one kind of caller chooses (a
 * token's `sub`, an integrator id, a `reporterRef`) can spell another kind's principal:
 *   reporter:<sub>                     a REPORTER of the identity provider this service trusts
 *   integrator:<id>                    an integrator (token `sub`, or the integrator an API key acts for)
 *   integrator:<id>/ref:<reporterRef>  an integrator's end user, named by that integrator alone
 *   guest:<id>                         a reporter without an account (the public, SMS), for their sealed data
 *   staff:<sub>                        admins, agency officers, the Ombudsman: they own no report
 *   public, system                     the caller without credentials, the service itself
 */
const part = (id: string) => {
  // encodeURIComponent throws a URIError on a surrogate without its pair (not Unicode text, so no
  // id the API accepts holds one); such a code unit is written %uD800 instead: encodeURIComponent
  // writes every `%` as %25, so no other id encodes to the same principal.
  let encoded = '';
  let from = 0;
  for (const lone of id.matchAll(LONE_SURROGATE)) {
    encoded += `${encodeURIComponent(id.slice(from, lone.index))}%u${lone[0].charCodeAt(0).toString(16).toUpperCase()}`;
    from = lone.index + 1;
  }
  return encoded + encodeURIComponent(id.slice(from));
};

export const reporterPrincipal = (sub: string) => `reporter:${part(sub)}`;
export const integratorPrincipal = (integratorId: string) => `integrator:${part(integratorId)}`;
export const endUserPrincipal = (integratorId: string, reporterRef: string) =>
  `${integratorPrincipal(integratorId)}/ref:${part(reporterRef)}`;
export const guestPrincipal = (id: string) => `guest:${part(id)}`;

export function principalOf(actor: Actor): string {
  switch (actor.role) {
    case 'REPORTER':
      return reporterPrincipal(actor.id);
    case 'INTEGRATOR':
      return integratorPrincipal(actor.id);
    case 'PUBLIC':
      return 'public';
    case 'SYSTEM':
      return 'system';
    default:
      return `staff:${part(actor.id)}`;
  }
}

/**
 * The principal a new report belongs to: a REPORTER's own, or the end user an integrator names
 * with `reporterRef`; null for everyone else (the report then has no owner who could act on it).
 * Only integrators name end users: a reference from anyone else is refused.
 */
export function reportOwner(actor: Actor, reporterRef: string | null): string | null {
  if (reporterRef !== null && actor.role !== 'INTEGRATOR') {
    throw new DomainError(
      'BAD_USER_INPUT',
      'reporterRef is for integrators naming their own users; a reporter is known by their token, others submit without one',
    );
  }
  if (actor.role === 'REPORTER') return reporterPrincipal(actor.id);
  return reporterRef === null ? null : endUserPrincipal(actor.id, reporterRef);
}

/**
 * Ids of reports stored before principals (ReportSubmitted schema 3) were bare strings; the
 * submitter's role, recorded in the event's metadata, says which namespace each belonged to.
 */
export function legacyOwner(
  role: string,
  submittedBy: string,
  reporterId: string | null,
): { submittedBy: string; reporterId: string | null } {
  switch (role) {
    case 'REPORTER':
      return {
        submittedBy: reporterPrincipal(submittedBy),
        reporterId: reporterId === null ? null : reporterPrincipal(reporterId),
      };
    case 'INTEGRATOR':
      return {
        submittedBy: integratorPrincipal(submittedBy),
        reporterId: reporterId === null ? null : endUserPrincipal(submittedBy, reporterId),
      };
    default:
      // The public and admins could pass a reporterRef then; the reporter it named saw the report as theirs, and still does.
      return {
        submittedBy: principalOf({ id: submittedBy, role: role === 'PUBLIC' ? 'PUBLIC' : 'ADMIN' }),
        reporterId: reporterId === null ? null : reporterPrincipal(reporterId),
      };
  }
}

/**
 * The subjects a reporter's personal data may be sealed under: their principal and, for a
 * REPORTER, the bare id their data was sealed under before principals existed.
 */
export function dataSubjectsOf(subject: string): string[] {
  const match = /^reporter:(.+)$/.exec(subject);
  if (!match) return [subject];
  try {
    return [subject, decodeURIComponent(match[1]!)];
  } catch {
    return [subject];
  }
}
