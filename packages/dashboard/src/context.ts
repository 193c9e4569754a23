/** @module What every page reads: the clients, who is signed in, and the page-wide notice. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ControlPlane } from './control-plane.js';
import type { PartnerCenter } from './partner-center.js';
import type { Session } from './session.js';

export interface Notice {
  kind: 'success' | 'info';
  text: string;
  /** Shown on the page being navigated to (the notice of an action that leaves its page). */
  next?: boolean;
}

export interface DashboardContext {
  session: Session | undefined;
  partnerCenter: PartnerCenter;
  control: ControlPlane | undefined;
  setAdminKey(key: string | undefined): void;
  /** True when `/v1` calls carry the App-only token the panel minted instead of the user's. */
  appOnly: boolean;
  setAppOnlyToken(token: string | undefined): void;
  notify(notice: Notice | undefined): void;
}

export const Dashboard = createContext<DashboardContext | undefined>(undefined);

export function useDashboard(): DashboardContext {
  const value = useContext(Dashboard);
  if (!value) throw new Error('useDashboard outside <Dashboard.Provider>');
  return value;
}
