/** The export download's file name, and what the page says when the socket refused an edit for a body limit. */
import { describe, expect, it } from 'vitest';
import { fileNameOf } from '../../../client/src/export/download';
import { finalCloseMessage } from '../../../client/src/pages/ClosedNotice';
import { CloseReason } from '../../../shared/protocol';

describe('fileNameOf', () => {
  it('prefers the exact UTF-8 name, then the plain one, then the fallback', () => {
    expect(fileNameOf(`attachment; filename="Parole request.pdf"; filename*=UTF-8''Parole%20request%20%E2%80%93%20Quispe.pdf`, 'letter.pdf')).toBe('Parole request – Quispe.pdf');
    expect(fileNameOf('attachment; filename="Parole request.docx"', 'letter.docx')).toBe('Parole request.docx');
    expect(fileNameOf(`attachment; filename*=UTF-8''%E0%A4%A`, 'letter.pdf')).toBe('letter.pdf');
    expect(fileNameOf(null, 'letter.pdf')).toBe('letter.pdf');
  });
});

describe('finalCloseMessage for the body limits', () => {
  it('says the last change was not saved, why, and what to do', () => {
    const tooLarge = finalCloseMessage(CloseReason.letterTooLarge);
    expect(tooLarge).toMatch(/size limit/);
    expect(tooLarge).toMatch(/not saved/);
    expect(tooLarge).toMatch(/reload/);
    const tooDeep = finalCloseMessage(CloseReason.nestingTooDeep);
    expect(tooDeep).toMatch(/levels deep/);
    expect(tooDeep).toMatch(/not saved/);
  });
});
