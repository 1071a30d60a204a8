/** The dashboard's table of letters: title, my role, status, deadline, last edited, and who is on it. */
import { Link } from 'wouter';
import type { LetterPerson, LetterSummary } from '../../../shared/letters';
import { STATUS_LABEL } from '../../../shared/letters';
import { ROLE_LABEL } from '../../../shared/roles';
import { Avatar } from '../components/Avatar';
import { formatDateTime } from '../components/formatDate';
import { colorForUserId } from '../session/caretColor';
import { professionTag } from '../session/professions';
import { deadlineLabel, deadlineState, formatCalendarDate, localToday } from './deadline';

/** The letters as a table (the caller handles the empty cases). */
export function LetterTable({ letters }: { letters: LetterSummary[] }) {
  const today = localToday();
  return (
    <div className="table-wrap">
      <table className="table letter-table" data-testid="letter-list">
        <thead>
          <tr>
            <th scope="col">Letter</th>
            <th scope="col">Your role</th>
            <th scope="col">Status</th>
            <th scope="col">Deadline</th>
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
              <td className="nowrap" data-testid="letter-deadline">
                <Deadline deadline={letter.deadline} today={today} sent={letter.status === 'sent'} />
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

function Deadline({ deadline, today, sent }: { deadline: string; today: string; sent: boolean }) {
  if (deadline === '') return <span className="muted">None set</span>;
  const state = deadlineState(deadline, today, sent);
  const label = deadlineLabel(state);
  return (
    <span className={`deadline deadline--${state.urgency}`}>
      <time dateTime={deadline}>{formatCalendarDate(deadline)}</time>
      {label && (
        <span className="deadline__flag">
          <span aria-hidden="true">{state.urgency === 'overdue' ? '⚠ ' : '◷ '}</span>
          {label}
        </span>
      )}
    </span>
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
