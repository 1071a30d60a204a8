/** Shares the local identity across the app and lets any page change it. */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { loadIdentity, pickCaretColor, saveIdentity, type Identity } from './identity';

/** The identity (null until the user has given a name) and a way to set the name. */
export interface IdentityState {
  identity: Identity | null;
  setName(name: string): void;
}

const IdentityContext = createContext<IdentityState | null>(null);

/** Provides the identity from localStorage to the tree below. */
export function IdentityProvider({ children }: { children: ReactNode }) {
  const [identity, setIdentity] = useState<Identity | null>(() => loadIdentity());

  const setName = useCallback(
    (name: string) => {
      const next = { name: name.trim(), color: identity?.color ?? pickCaretColor() };
      saveIdentity(next);
      setIdentity(next);
    },
    [identity],
  );

  const value = useMemo(() => ({ identity, setName }), [identity, setName]);
  return <IdentityContext.Provider value={value}>{children}</IdentityContext.Provider>;
}

/** The current identity state; must be used under IdentityProvider. */
export function useIdentity(): IdentityState {
  const state = useContext(IdentityContext);
  if (!state) throw new Error('useIdentity must be used inside <IdentityProvider>');
  return state;
}
