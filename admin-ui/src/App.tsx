import { lazy, Suspense } from 'react';
import { Link, Navigate, Route, Routes } from 'react-router-dom';
import { RequireSession, SessionProvider } from './auth/session';
import { AcceptInvitationPage, LoginPage, SignUpPage } from './auth/pages';
import { Shell } from './Shell';
import { Loading, ToastProvider, useTitle } from './ui/common';
// The board is where a signed-in user lands, so it is in the main bundle: as a lazy chunk it cost a fetch after the
// session check and then React's 300 ms hold-back of a Suspense reveal before its data was even asked for
// (docs/benchmarks.md, board in Chromium).
import BoardPage from './board/BoardPage';

// The other screens load on demand.
const RecordListPage = lazy(() => import('./records/RecordListPage'));
const RecordPage = lazy(() => import('./records/RecordPage'));
const SettingsPage = lazy(() => import('./settings/SettingsPage'));
const InboxPage = lazy(() => import('./inbox/InboxPage'));
const AutomationPage = lazy(() => import('./automation/AutomationPage'));
const DesignerPage = lazy(() => import('./automation/DesignerPage'));
const MonitorPage = lazy(() => import('./monitor/MonitorPage'));
const InstancePage = lazy(() => import('./monitor/InstancePage'));

export default function App() {
  return (
    <ToastProvider>
      <SessionProvider>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/signup" element={<SignUpPage />} />
            <Route path="/invitations/accept" element={<AcceptInvitationPage />} />
            <Route
              element={
                <RequireSession>
                  <Shell />
                </RequireSession>
              }
            >
              <Route index element={<Navigate to="/board" replace />} />
              <Route path="board" element={<BoardPage />} />
              <Route path="board/:pipelineId" element={<BoardPage />} />
              <Route path="inbox" element={<InboxPage />} />
              <Route path="automation" element={<AutomationPage />} />
              <Route path="automation/:processId" element={<DesignerPage />} />
              <Route path="monitor" element={<MonitorPage />} />
              <Route path="monitor/instances/:key" element={<InstancePage />} />
              <Route path=":type" element={<RecordListPage />} />
              <Route path=":type/:id" element={<RecordPage />} />
              <Route path="settings/*" element={<SettingsPage />} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </Suspense>
      </SessionProvider>
    </ToastProvider>
  );
}

export function NotFound() {
  useTitle('Not found');
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>This page does not exist.</p>
      <p>
        <Link to="/board">Go to the board</Link>
      </p>
    </section>
  );
}
