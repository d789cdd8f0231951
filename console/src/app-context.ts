import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ViewerQuery } from './gql/graphql';
import type { Credential } from './session';

export type Viewer = ViewerQuery['viewer'];

/** Who is signed in and how the console speaks to them; every screen reads it. */
export interface AppState {
  viewer: Viewer | null;
  signIn(credential: Credential | null): Promise<Viewer>;
}

export const AppContext = createContext<AppState>({
  viewer: null,
  signIn: () => Promise.reject(new Error('no console')),
});

export const useApp = () => useContext(AppContext);

const STAFF = new Set(['ADMIN', 'AGENCY_ADMIN', 'LIAISON_OFFICER', 'OMBUDSMAN']);

export function isStaff(viewer: Viewer | null): boolean {
  return !!viewer && STAFF.has(viewer.role);
}
