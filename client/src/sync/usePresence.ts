/** React binding for the presence list. */
import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { presentUsers, type PresentUser } from './presence';

/** The people present according to `awareness`, updated on every awareness change. */
export function usePresence(awareness: Awareness): PresentUser[] {
  const [users, setUsers] = useState<PresentUser[]>(() => presentUsers(awareness.getStates(), awareness.clientID));

  useEffect(() => {
    let active = true;
    const read = () => setUsers(presentUsers(awareness.getStates(), awareness.clientID));
    // The editor announces its own presence while it renders; updating this list is left until
    // that render is over (React refuses state changes of one component during another's render).
    const handleChange = () =>
      queueMicrotask(() => {
        if (active) read();
      });
    read();
    // 'change' (not 'update') fires only when a state really changed, not on every heartbeat.
    awareness.on('change', handleChange);
    return () => {
      active = false;
      awareness.off('change', handleChange);
    };
  }, [awareness]);

  return users;
}
