/** React binding for the presence list. */
import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { presentUsers, type PresentUser } from './presence';

/** The people present according to `awareness`, updated on every awareness change. */
export function usePresence(awareness: Awareness): PresentUser[] {
  const [users, setUsers] = useState<PresentUser[]>(() => presentUsers(awareness.getStates(), awareness.clientID));

  useEffect(() => {
    const handleChange = () => setUsers(presentUsers(awareness.getStates(), awareness.clientID));
    handleChange();
    // 'change' (not 'update') fires only when a state really changed, not on every heartbeat.
    awareness.on('change', handleChange);
    return () => awareness.off('change', handleChange);
  }, [awareness]);

  return users;
}
