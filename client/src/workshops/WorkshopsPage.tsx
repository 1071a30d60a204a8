/** `/workshops`: the workshops I facilitate or joined, the form to plan one, and "Join with a code". */
import { Link } from 'wouter';
import type { WorkshopSummary } from '../../../shared/workshops';
import { listWorkshops } from '../api/workshops';
import { useAsync } from '../api/useAsync';
import { SiteHeader } from '../components/SiteHeader';
import { errorMessage } from '../components/errorMessage';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { CreateWorkshopForm } from './CreateWorkshopForm';
import { formatWorkshopDate } from './formatWorkshopDate';
import { JoinCodeForm } from './JoinCodeForm';

const ROLE_LABEL: Record<WorkshopSummary['role'], string> = { facilitator: 'Facilitator', participant: 'Participant' };

/** The workshops page. */
export function WorkshopsPage() {
  const { result, retry } = useAsync('workshops', (signal) => listWorkshops(signal));
  useDocumentTitle('Workshops');

  return (
    <>
      <SiteHeader />
      <main className="page page--wide" id="main">
        <h1>Workshops</h1>
        <p className="muted workshops-intro">
          Guided drafting sessions: a facilitator leads the group through an agenda while each participant drafts their own letter, with checklists, peer review and a shared
          screen.
        </p>
        <div className="workshops-forms">
          <JoinCodeForm />
          <CreateWorkshopForm />
        </div>
        <section aria-labelledby="workshops-list-title" aria-busy={result.state === 'loading'}>
          <h2 id="workshops-list-title" className="section-title">
            Your workshops
          </h2>
          {result.state === 'loading' && <p className="muted loading">Loading your workshops…</p>}
          {result.state === 'error' && (
            <div className="notice notice--error" role="alert">
              <p>Could not load your workshops. {errorMessage(result.error)}</p>
              <button type="button" className="button" onClick={retry}>
                Try again
              </button>
            </div>
          )}
          {result.state === 'ready' && <WorkshopList workshops={result.value} />}
        </section>
      </main>
    </>
  );
}

function WorkshopList({ workshops }: { workshops: WorkshopSummary[] }) {
  if (workshops.length === 0) {
    return (
      <div className="empty" data-testid="workshops-empty">
        <p className="empty__title">No workshops yet</p>
        <p className="muted">Plan one above, or join one with the code your facilitator gives you.</p>
      </div>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table" data-testid="workshop-list">
        <thead>
          <tr>
            <th scope="col">Workshop</th>
            <th scope="col">Date</th>
            <th scope="col">Your role</th>
            <th scope="col">Participants</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {workshops.map((workshop) => (
            <tr key={workshop.id} data-testid="workshop-row">
              <th scope="row">
                <Link href={`/workshops/${workshop.id}`} className="letter-table__title">
                  {workshop.title}
                </Link>
              </th>
              <td className="nowrap">{formatWorkshopDate(workshop.date)}</td>
              <td>{ROLE_LABEL[workshop.role]}</td>
              <td>{workshop.participantCount}</td>
              <td>{workshop.endedAt ? <span className="tag tag--ended">Ended</span> : <span className="tag tag--open">Open</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
