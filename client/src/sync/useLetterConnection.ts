/** React binding for a letter's live connection. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { connectLetter, type LetterConnection, type SyncSnapshot } from './letterConnection';

const idleSnapshot: SyncSnapshot = { status: 'connecting', unsaved: false, loaded: false, finalClose: null, connections: 0 };
const noSubscription = (): (() => void) => () => {};

/**
 * Opens (and on unmount closes) the connection for `letterId`, and re-renders on status changes.
 * The connection is created in an effect, not during render, so StrictMode's double mount and
 * letter changes each get exactly one live provider.
 */
export function useLetterConnection(letterId: string): { connection: LetterConnection | null; sync: SyncSnapshot } {
  const [connection, setConnection] = useState<LetterConnection | null>(null);

  useEffect(() => {
    const opened = connectLetter(letterId);
    setConnection(opened);
    return () => {
      setConnection(null);
      opened.destroy();
    };
  }, [letterId]);

  const sync = useSyncExternalStore(
    connection ? connection.subscribe : noSubscription,
    connection ? connection.getSnapshot : () => idleSnapshot,
  );
  return { connection, sync };
}
