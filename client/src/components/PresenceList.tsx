/** Everyone currently in the letter, with their caret colour and profession. */
import { professionTag } from '../session/professions';
import type { PresentUser } from '../sync/presence';
import { Avatar } from './Avatar';

/** The presence list; the local user is marked "(you)". */
export function PresenceList({ users }: { users: PresentUser[] }) {
  return (
    <section className="presence" aria-labelledby="presence-title">
      <h2 id="presence-title" className="side-title">
        Here now <span className="count">{users.length}</span>
      </h2>
      <ul className="presence__list" data-testid="presence-list">
        {users.map((user) => {
          const tag = professionTag(user.profession);
          return (
            <li key={user.clientId} className="presence__item">
              <Avatar name={user.name} color={user.color} />
              <span className="presence__who">
                <span className="presence__name">
                  {user.name}
                  {user.isSelf && <span className="presence__you"> (you)</span>}
                </span>
                {tag && <span className="presence__profession">{tag}</span>}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
