/**
 * Download the letter as a Word document or a PDF. Plain links: the browser downloads the file the
 * server names in Content-Disposition, with the session cookie, and no script is involved.
 */
import { exportUrl } from '../api/letters';

/** The two export links, for every member of the letter. */
export function ExportButtons({ letterId }: { letterId: string }) {
  return (
    <span className="export-buttons" role="group" aria-label="Export">
      <a href={exportUrl(letterId, 'docx')} download className="button button--small" data-testid="export-docx">
        <span aria-hidden="true">⤓ </span>Download Word (.docx)
      </a>
      <a href={exportUrl(letterId, 'pdf')} download className="button button--small" data-testid="export-pdf">
        <span aria-hidden="true">⤓ </span>Download PDF
      </a>
    </span>
  );
}
