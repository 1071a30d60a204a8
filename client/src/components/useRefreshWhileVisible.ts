/** Calls `refresh` when the tab comes back into view and every `intervalMs` while it is visible. */
import { useEffect } from 'react';

/** Keeps data such as "who is online now" fresh without reloading hidden tabs. */
export function useRefreshWhileVisible(refresh: () => void, intervalMs = 30_000): void {
  useEffect(() => {
    const handleVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    const timer = window.setInterval(handleVisible, intervalMs);
    document.addEventListener('visibilitychange', handleVisible);
    window.addEventListener('focus', handleVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', handleVisible);
      window.removeEventListener('focus', handleVisible);
    };
  }, [refresh, intervalMs]);
}
