/** The join code, large enough to read from the back of the room, with the join link and a copy button. */
import { useEffect, useState } from 'react';
import { joinLink } from '../../api/workshops';

/** Copy feedback disappears after this long. */
const COPIED_MS = 2500;

/** The code card. */
export function JoinCodeCard({ code, ended }: { code: string; ended: boolean }) {
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const link = joinLink(code);

  useEffect(() => {
    if (copy === 'idle') return;
    const timer = window.setTimeout(() => setCopy('idle'), COPIED_MS);
    return () => window.clearTimeout(timer);
  }, [copy]);

  async function handleCopy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopy('copied');
    } catch (cause) {
      // Clipboard access can be refused (permissions, insecure origin): the link stays selectable.
      console.warn('Copying the join link failed', cause);
      setCopy('failed');
    }
  }

  return (
    <section className="card workshop-panel join-card" aria-labelledby="join-card-title">
      <h2 id="join-card-title" className="workshop-panel__title">
        {ended ? 'Join code (workshop ended)' : 'Join with this code'}
      </h2>
      <p className="join-card__code" data-testid="join-code">
        {code}
      </p>
      <p className="join-card__link">
        <span className="muted small">or open</span> <code data-testid="join-link">{link}</code>
      </p>
      <button type="button" className="button button--small" onClick={() => void handleCopy()} disabled={ended}>
        Copy join link
      </button>
      <span className="small join-card__copied" role="status">
        {copy === 'copied' ? 'Link copied.' : copy === 'failed' ? 'Could not copy; select the link above instead.' : ''}
      </span>
    </section>
  );
}
