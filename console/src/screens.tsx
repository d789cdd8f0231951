import { useApp } from './app-context';
import type { Route } from './router';
import { AuditScreen } from './screens/audit';
import { DashboardScreen } from './screens/dashboard';
import { InboxScreen } from './screens/inbox';
import { NotFound } from './screens/not-found';
import { ReportDetailScreen } from './screens/report-detail';
import { ReportsScreen } from './screens/reports';
import { SignInScreen } from './screens/sign-in';
import { SubmitScreen } from './screens/submit';
import { TrackScreen } from './screens/track';

/** The screen for a route: `#/report/7K3M-9QX2`, `#/reports?status=ESCALATED`, … */
export function Screen({ route }: { route: Route }) {
  const { viewer } = useApp();
  const [first, second, third] = route.path;
  switch (first) {
    case undefined:
      return <DashboardScreen query={route.query} />;
    case 'signin':
      return <SignInScreen />;
    case 'queue':
      return <ReportsScreen query={route.query} preset="queue" />;
    case 'escalated':
      return <ReportsScreen query={route.query} preset="escalated" />;
    case 'reports':
      return <ReportsScreen query={route.query} preset="all" />;
    case 'inbox':
      return viewer?.agencyId ? <InboxScreen agencyId={viewer.agencyId} query={route.query} /> : <NotFound />;
    case 'report':
      if (second && third === 'audit') return <AuditScreen key={second} trackingId={second} query={route.query} />;
      return second && !third ? <ReportDetailScreen key={second} trackingId={second} /> : <NotFound />;
    case 'submit':
      return <SubmitScreen />;
    case 'track':
      return <TrackScreen />;
    default:
      return <NotFound />;
  }
}
