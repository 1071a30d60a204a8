/** Who is signed in, shared across the app: loaded once from `/api/me`, updated by sign-in and sign-out. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { User } from '../../../shared/auth';
import { fetchMe, signOut as requestSignOut } from '../api/auth';
import { SESSION_LOST_EVENT } from '../api/http';
import { loadCaretColor, saveCaretColor } from './caretColor';

/** The session as the UI sees it. */
export type SessionState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'signed-out' }
  | { status: 'signed-in'; user: User; color: string };

/** The session plus what can be done with it. */
export interface Session {
  state: SessionState;
  /** After sign-in, sign-up or a profile change. */
  setUser(user: User): void;
  /** Ends the session on the server and here. */
  signOut(): Promise<void>;
  /** Picks another caret colour (kept in this browser). */
  setColor(color: string): void;
  /** Loads `/api/me` again (after an error). */
  reload(): void;
}

const SessionContext = createContext<Session | null>(null);

function signedIn(user: User): SessionState {
  return { status: 'signed-in', user, color: loadCaretColor(user.id) };
}

/** Provides the session to the tree below. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchMe(controller.signal).then(
      (user) => {
        if (!controller.signal.aborted) setState(user ? signedIn(user) : { status: 'signed-out' });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  useEffect(() => {
    // Any API call that finds the session gone (expired, signed out elsewhere) ends it here too.
    const handleLost = () => setState((current) => (current.status === 'signed-in' ? { status: 'signed-out' } : current));
    window.addEventListener(SESSION_LOST_EVENT, handleLost);
    return () => window.removeEventListener(SESSION_LOST_EVENT, handleLost);
  }, []);

  const setUser = useCallback((user: User) => setState(signedIn(user)), []);
  const signOut = useCallback(async () => {
    await requestSignOut();
    setState({ status: 'signed-out' });
  }, []);
  const setColor = useCallback((color: string) => {
    setState((current) => {
      if (current.status !== 'signed-in') return current;
      saveCaretColor(current.user.id, color);
      return { ...current, color };
    });
  }, []);
  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(() => ({ state, setUser, signOut, setColor, reload }), [state, setUser, signOut, setColor, reload]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session; must be used under SessionProvider. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}

/** The signed-in user and colour; only for components rendered inside RequireSession. */
export function useSignedIn(): { user: User; color: string } {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useSignedIn must be used inside <RequireSession>');
  return state;
}
