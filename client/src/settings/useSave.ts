/** Saving a settings form: busy while the request runs, then "saved" or the server's message. */
import { useState } from 'react';
import { errorMessage } from '../components/errorMessage';

/** Where the last save stands. */
export type SaveState = { state: 'idle' } | { state: 'saving' } | { state: 'saved' } | { state: 'error'; message: string };

/** Runs `save`, tracking its state; `edited()` clears a stale "saved" once the form changes again. */
export function useSave<T>(save: (value: T) => Promise<T>, onSaved: (value: T) => void) {
  const [status, setStatus] = useState<SaveState>({ state: 'idle' });
  return {
    status,
    edited() {
      if (status.state === 'saved') setStatus({ state: 'idle' });
    },
    async run(value: T) {
      if (status.state === 'saving') return;
      setStatus({ state: 'saving' });
      try {
        onSaved(await save(value));
        setStatus({ state: 'saved' });
      } catch (cause) {
        setStatus({ state: 'error', message: errorMessage(cause) });
      }
    },
  };
}
