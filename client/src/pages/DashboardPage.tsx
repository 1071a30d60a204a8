/** `/`: my letters (title, my role, status, last edited, who is on it and who is online) and the form to start one. */
import { Link } from 'wouter';
import type { LetterPerson, LetterSummary } from '../../../shared/letters';
import { STATUS_LABEL } from '../../../shared/letters';
import { ROLE_LABEL } from '../../../shared/roles';
import { listLetters } from '../api/letters';
import { useAsync } from '../api/useAsync';
import { Avatar } from '../components/Avatar';
import { SiteHeader } from '../components/SiteHeader';
import { errorMessage } from '../components/errorMessage';
import { formatDateTime } from '../components/formatDate';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useRefreshWhileVisible } from '../components/useRefreshWhileVisible';
import { colorForUserId } from '../session/caretColor';
import { professionTag } from '../session/professions';
import { CreateLetterForm } from './CreateLetterForm';

/** The dashboard. */
export function DashboardPage() {
  const { result: letters, retry, refresh } = useAsync('letters', listLetters);
  useRefreshWhileVisible(refresh);
  useDocumentTitle('Your letters');

  return (
    <>
      <SiteHeader />
      <main className="page page--wide" id="main">
        <h1>Your letters</h1>
        <CreateLetterForm />
        <section aria-labelledby="list-title" aria-busy={letters.state === 'loading'}>
          <h2 id="list-title" className="section-title">
            Letters you are on
          </h2>
          {letters.state === 'loading' && <p className="muted">Loading your letters…</p>}
          {letters.state === 'error' && (
            <div className="notice notice--error" role="alert">
              <p>Could not load your letters. {errorMessage(letters.error)}</p>
              <button type="button" className="button" onClick={retry}>
                Try again
              </button>
            </div>
          )}
          {letters.state === 'ready' && <LetterTable letters={letters.value} />}
        </section>
      </main>
    </>
  );
}

function LetterTable({ letters }: { letters: LetterSummary[] }) {
  if (letters.length === 0) {
    return (
      <div className="empty" data-testid="letters-empty">
        <p className="empty__title">No letters yet</p>
        <p className="muted">
          Start one above; it opens with the template’s sections ready to fill in. Letters others share with you appear
          here too.
        </p>
      </div>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table letter-table" data-testid="letter-list">
        <thead>
          <tr>
            <th scope="col">Letter</th>
            <th scope="col">Your role</th>
            <th scope="col">Status</th>
            <th scope="col">Last edited</th>
            <th scope="col">People</th>
          </tr>
        </thead>
        <tbody>
          {letters.map((letter) => (
            <tr key={letter.id} data-testid="letter-row">
              <th scope="row">
                <Link href={`/letters/${letter.id}`} className="letter-table__title">
                  {letter.title}
                </Link>
              </th>
              <td>{ROLE_LABEL[letter.role]}</td>
              <td>
                <span className={`status-pill status-pill--${letter.status}`}>{STATUS_LABEL[letter.status]}</span>
              </td>
              <td className="nowrap">{formatDateTime(letter.updatedAt)}</td>
              <td>
                <People people={letter.people} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function People({ people }: { people: LetterPerson[] }) {
  const online = people.filter((person) => person.online).length;
  return (
    <div className="people">
      <ul className="people__list">
        {people.map((person) => {
          const tag = professionTag(person.profession);
          return (
            <li key={person.userId} className="people__item" title={`${person.name}${tag ? `, ${tag}` : ''} (${ROLE_LABEL[person.role]})`}>
              <span className="people__avatar">
                <Avatar name={person.name} color={colorForUserId(person.userId)} small />
                {person.online && <span className="online-dot" aria-hidden="true" />}
              </span>
              <span className="visually-hidden">
                {person.name}
                {tag ? `, ${tag}` : ''}, {ROLE_LABEL[person.role]}
                {person.online ? ', online now' : ''}
              </span>
            </li>
          );
        })}
      </ul>
      <span className={online > 0 ? 'people__online' : 'muted people__online'} data-testid="online-count">
        {online > 0 ? `${online} online now` : 'Nobody online'}
      </span>
    </div>
  );
}
