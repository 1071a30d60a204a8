/**
 * Routes. Public: sign-in, sign-up and its mailed confirmation link, invite links, 404. Everything else (dashboard, letters, audit
 * logs, workshops, settings) needs a session; visitors without one go to sign-in and come back afterwards.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Switch } from 'wouter';
import { AuditPage } from './pages/AuditPage';
import { DashboardPage } from './pages/DashboardPage';
import { InvitePage } from './pages/InvitePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignInPage } from './pages/SignInPage';
import { SignUpPage } from './pages/SignUpPage';
import { VerifyPage } from './pages/VerifyPage';
import { RequireSession } from './session/RequireSession';
import { SessionProvider } from './session/SessionContext';
import { SettingsPage } from './settings/SettingsPage';
import { JoinPage } from './workshops/JoinPage';
import { WorkshopRoute } from './workshops/WorkshopRoute';
import { WorkshopsPage } from './workshops/WorkshopsPage';

// The editor (TipTap, ProseMirror, Yjs) is most of the bundle: the other pages should not wait for it.
const LetterPage = lazy(() => import('./pages/LetterPage').then((module) => ({ default: module.LetterPage })));

function Private({ children }: { children: ReactNode }) {
  return <RequireSession>{children}</RequireSession>;
}

/** The application root. */
export function App() {
  return (
    <SessionProvider>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Switch>
        <Route path="/sign-in">
          <SignInPage />
        </Route>
        <Route path="/sign-up">
          <SignUpPage />
        </Route>
        <Route path="/verify/:token">{(params) => <VerifyPage key={params.token} token={params.token} />}</Route>
        <Route path="/invites/:token">{(params) => <InvitePage key={params.token} token={params.token} />}</Route>
        <Route path="/">
          <Private>
            <DashboardPage />
          </Private>
        </Route>
        <Route path="/letters/:id/audit">
          {(params) => (
            <Private>
              <AuditPage key={params.id} letterId={params.id} />
            </Private>
          )}
        </Route>
        <Route path="/letters/:id">
          {(params) => (
            <Private>
              <Suspense fallback={<p className="page muted">Opening letter…</p>}>
                <LetterPage key={params.id} id={params.id} />
              </Suspense>
            </Private>
          )}
        </Route>
        <Route path="/workshops">
          <Private>
            <WorkshopsPage />
          </Private>
        </Route>
        <Route path="/workshops/join/:code">
          {(params) => (
            <Private>
              <JoinPage key={params.code} code={params.code} />
            </Private>
          )}
        </Route>
        <Route path="/workshops/:id">
          {(params) => (
            <Private>
              <WorkshopRoute key={params.id} id={params.id} />
            </Private>
          )}
        </Route>
        <Route path="/settings">
          <Private>
            <SettingsPage />
          </Private>
        </Route>
        <Route path="/admin/audit">
          <Private>
            <AuditPage />
          </Private>
        </Route>
        <Route>
          <NotFoundPage />
        </Route>
      </Switch>
    </SessionProvider>
  );
}
