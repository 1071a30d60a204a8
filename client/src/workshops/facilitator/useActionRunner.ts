/** Runs one facilitator command at a time per panel, keeping its error beside the control that failed. */
import { useCallback, useState } from 'react';
import type { WorkshopState } from '../../../../shared/workshops';
import { errorMessage } from '../../components/errorMessage';

/** What useActionRunner returns. */
export interface ActionRunner {
  /** The name of the command in flight, or null. */
  busy: string | null;
  error: string | null;
  /** Runs `task`; a state it answers is applied at once (the stream follows). Resolves to success. */
  run(name: string, task: () => Promise<WorkshopState | null | void>): Promise<boolean>;
  clearError(): void;
}

/** A runner whose answers go to `applyState`. */
export function useActionRunner(applyState: (state: WorkshopState) => void): ActionRunner {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (name: string, task: () => Promise<WorkshopState | null | void>) => {
      setBusy(name);
      setError(null);
      try {
        const state = await task();
        if (state) applyState(state);
        return true;
      } catch (cause) {
        setError(errorMessage(cause));
        return false;
      } finally {
        setBusy(null);
      }
    },
    [applyState],
  );
  const clearError = useCallback(() => setError(null), []);
  return { busy, error, run, clearError };
}
