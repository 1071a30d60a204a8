/** Asks before the tab closes while `active` (e.g. there are edits the server has not stored). */
import { useEffect } from 'react';

/** Registers a beforeunload guard while `active` is true. */
export function useBeforeUnload(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const handleBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Chromium and Safari still need returnValue set to show the prompt.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', handleBeforeUnload);
    return () => window.removeEventListener('beforeunload', handleBeforeUnload);
  }, [active]);
}
