/** Who gives a command or asks a question: a role, the id the credential names, an agency for agency roles. */
export const ROLES = [
  'PUBLIC',
  'REPORTER',
  'ADMIN',
  'AGENCY_ADMIN',
  'LIAISON_OFFICER',
  'OMBUDSMAN',
  'INTEGRATOR',
  'SYSTEM',
] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  id: string;
  role: Role;
  agencyId?: string | null;
  /** The integrator API key the caller used, and what that key is limited to. */
  apiKey?: { id: string; mutations: readonly string[]; agencies: readonly string[] | null } | null;
}
