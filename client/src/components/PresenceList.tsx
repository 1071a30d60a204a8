/** Everyone currently in the letter, with their caret colour. */
import type { PresentUser } from '../sync/presence';

/** The presence list; the local user is marked "(you)". */
export function PresenceList({ users }: { users: PresentUser[] }) {
  return (
    <section className="presence" aria-labelledby="presence-title">
      <h2 id="presence-title" className="side-title">
        Here now <span className="count">{users.length}</span>
      </h2>
      <ul className="presence__list" data-testid="presence-list">
        {users.map((user) => (
          <li key={user.clientId} className="presence__item">
            <span className="avatar" style={{ backgroundColor: user.color }} aria-hidden="true">
              {initials(user.name)}
            </span>
            <span className="presence__name">{user.name}</span>
            {user.isSelf && <span className="presence__you">(you)</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Up to two initials, skipping honorifics such as "Dr." so avatars stay distinct. */
function initials(name: string): string {
  // Only words that start with a letter: "Jordan Reyes (counsel)" is JR, not J(.
  const words = name.split(/\s+/).filter((word) => /^\p{L}/u.test(word) && !/^(dr|mr|mrs|ms|mx|prof)\.?$/i.test(word));
  const picked = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return picked.map((word) => word?.charAt(0).toUpperCase() ?? '').join('') || '?';
}
