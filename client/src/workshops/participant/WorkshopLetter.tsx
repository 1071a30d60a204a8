/** One letter opened inside the workshop: loaded, then shown in the usual workspace with the bar on top. */
import type { ReactNode } from 'react';
import type { Letter } from '../../../../shared/letters';
import { getLetter } from '../../api/letters';
import { useAsync } from '../../api/useAsync';
import { errorMessage, isNotFound } from '../../components/errorMessage';
import { LetterWorkspace, type LetterWorkspaceProps } from '../../pages/LetterWorkspace';
import { WorkshopPage } from './WorkshopPage';

/** Props of WorkshopLetter. */
export interface WorkshopLetterProps extends Omit<LetterWorkspaceProps, 'initialLetter'> {
  letterId: string;
  topBar: ReactNode;
  /** What to show instead when the letter does not exist or is not mine to open (404). */
  notFound: ReactNode;
  /** Told about the loaded letter (e.g. for its template). */
  onLoaded?(letter: Letter): void;
}

/** Loading and errors in a plain page under the bar; the workspace once the letter is here. */
export function WorkshopLetter({ letterId, topBar, notFound, onLoaded, ...workspace }: WorkshopLetterProps) {
  const { result, retry } = useAsync(`workshop-letter:${letterId}`, async (signal) => {
    const letter = await getLetter(letterId, signal);
    onLoaded?.(letter);
    return letter;
  });

  if (result.state === 'ready') return <LetterWorkspace key={letterId} initialLetter={result.value} topBar={topBar} {...workspace} />;
  return (
    <WorkshopPage busy={result.state === 'loading'}>
      {topBar}
      {result.state === 'loading' ? (
        <p className="muted loading">Opening the letter…</p>
      ) : isNotFound(result.error) ? (
        notFound
      ) : (
        <div className="notice notice--error" role="alert">
          <p>Could not open the letter. {errorMessage(result.error)}</p>
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        </div>
      )}
    </WorkshopPage>
  );
}
