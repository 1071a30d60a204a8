/** A read-only preview of the spotlighted letter, exactly as participants get it (masked on the server). */
import { getSpotlight } from '../../api/workshops';
import { useAsync } from '../../api/useAsync';
import { errorMessage } from '../../components/errorMessage';
import { useRefreshWhileVisible } from '../../components/useRefreshWhileVisible';
import { LetterContent } from '../../versions/LetterContent';
import { readPmDoc, type PmNode } from '../../versions/pmJson';
import { useWorkshopPush } from '../workshopPush';

/** A slow safety net: the preview follows the writer's edits as the server pushes them. */
const PREVIEW_REFRESH_MS = 60_000;

/** The spotlighted letter as participants see it, refreshed while the page is visible. */
export function SpotlightPreview({ workshopId, letterId }: { workshopId: string; letterId: string }) {
  const { result, retry, refresh } = useAsync<{ doc: PmNode; title: string }>(`spotlight:${workshopId}:${letterId}`, async (signal) => {
    const content = await getSpotlight(workshopId, signal);
    return { doc: readPmDoc(content.body), title: content.title };
  });
  useRefreshWhileVisible(refresh, PREVIEW_REFRESH_MS);
  useWorkshopPush(workshopId, 'spotlight', refresh);

  if (result.state === 'loading') return <p className="muted loading">Loading the preview…</p>;
  if (result.state === 'error') {
    return (
      <div className="notice notice--error" role="alert">
        <p>Could not load the shared letter. {errorMessage(result.error)}</p>
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      </div>
    );
  }
  return (
    <div className="spotlight-preview" data-testid="spotlight-preview">
      <LetterContent doc={result.value.doc} caseView={{ details: null, masked: true }} label={`Shared letter “${result.value.title}”, de-identified`} />
    </div>
  );
}
