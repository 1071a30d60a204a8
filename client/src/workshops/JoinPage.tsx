/**
 * `/workshops/join/:code`: the join link. Signed-out visitors are sent to sign in (or up) by the
 * session guard and come back here; then we join and open the workshop.
 */
import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { joinWorkshop } from '../api/workshops';
import { SiteHeader } from '../components/SiteHeader';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { JoinCodeForm, joinErrorMessage } from './JoinCodeForm';
import { normalizeJoinCode, validateJoinCode } from './workshopForms';

/** The join page for `code` (from the link, so possibly mistyped). */
export function JoinPage({ code: rawCode }: { code: string }) {
  const [, navigate] = useLocation();
  const code = normalizeJoinCode(rawCode);
  const shapeProblem = validateJoinCode(code);
  const [error, setError] = useState<string | null>(null);
  useDocumentTitle('Join a workshop');

  useEffect(() => {
    if (shapeProblem !== null) return;
    let cancelled = false;
    // Joining is idempotent on the server, so a second run (React's strict mode) is harmless.
    joinWorkshop(code).then(
      (workshop) => {
        if (!cancelled) navigate(`/workshops/${workshop.id}`, { replace: true });
      },
      (cause: unknown) => {
        if (!cancelled) setError(joinErrorMessage(cause, code));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [code, shapeProblem, navigate]);

  const problem = shapeProblem ?? error;
  return (
    <>
      <SiteHeader />
      <main className="page page--narrow" id="main" aria-busy={problem === null}>
        <h1>Join a workshop</h1>
        {problem === null ? (
          <p className="muted loading" role="status">
            Joining workshop {code}…
          </p>
        ) : (
          <>
            <div className="notice notice--error" role="alert">
              <p>{problem}</p>
            </div>
            <JoinCodeForm initialCode={code} heading="Try another code" />
          </>
        )}
      </main>
    </>
  );
}
