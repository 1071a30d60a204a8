/** Keeps the browser tab's title meaningful: "Letter title · Casewrite". */
import { useEffect } from 'react';

/** Sets `document.title` while the calling component is mounted. */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · Casewrite` : 'Casewrite';
  }, [title]);
}
