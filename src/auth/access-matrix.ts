import { ACCESS_POLICY, CALLER_ROLES, type Scope } from './access-policy.js';

const WORDS: Record<Scope, string> = {
  ANY: 'any',
  OWNER: 'own reports',
  ASSIGNED_AGENCY: 'assigned agency',
  ASSIGNED_NAMED: 'assigned agency, named reporters',
  OWN_AGENCY: 'own agency',
  NON_CONFIDENTIAL: 'non-confidential',
  SELF: 'self',
  OWN_ENDPOINT: 'own endpoints',
};

/** The access matrix as the Markdown table docs/api.md carries (a test keeps the two equal). */
export function renderAccessMatrix(): string {
  const header = `| operation or field | ${CALLER_ROLES.join(' | ')} |`;
  const rule = `|---|${CALLER_ROLES.map(() => '---').join('|')}|`;
  const rows = Object.entries(ACCESS_POLICY).map(([operation, cells]) => {
    const columns = CALLER_ROLES.map((role) => cells[role]?.map((scope) => WORDS[scope]).join(' or ') ?? '—');
    return `| \`${operation}\` | ${columns.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
