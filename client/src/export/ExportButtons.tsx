/**
 * Download the letter as a Word document or a PDF. The file is fetched (with the session cookie)
 * and handed to the browser; when the server cannot make it, its reason is shown here.
 */
import { useState } from 'react';
import { downloadExport } from './download';

/** The two export buttons, for every member of the letter. */
export function ExportButtons({ letterId }: { letterId: string }) {
  const [busy, setBusy] = useState<'docx' | 'pdf' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const handleExport = (format: 'docx' | 'pdf') => {
    setBusy(format);
    setError(null);
    downloadExport(letterId, format)
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : 'The export failed.'))
      .finally(() => setBusy(null));
  };

  return (
    <span className="export-buttons" role="group" aria-label="Export">
      <button type="button" className="button button--small" data-testid="export-docx" disabled={busy !== null} onClick={() => handleExport('docx')}>
        <span aria-hidden="true">⤓ </span>
        {busy === 'docx' ? 'Preparing Word…' : 'Download Word (.docx)'}
      </button>
      <button type="button" className="button button--small" data-testid="export-pdf" disabled={busy !== null} onClick={() => handleExport('pdf')}>
        <span aria-hidden="true">⤓ </span>
        {busy === 'pdf' ? 'Preparing PDF…' : 'Download PDF'}
      </button>
      {error && (
        <span className="export-buttons__error" role="alert" data-testid="export-error">
          {error}
        </span>
      )}
    </span>
  );
}
