/** What the sync status badge announces to screen readers, and what it leaves unsaid. */
import { describe, expect, it } from 'vitest';
import { statusAnnouncement } from '../../../client/src/components/SyncStatusBadge';

describe('statusAnnouncement', () => {
  it('stays quiet for the saving/saved rhythm of ordinary typing', () => {
    expect(statusAnnouncement('saved', 'saving')).toBeNull();
    expect(statusAnnouncement('saving', 'saved')).toBeNull();
  });

  it('announces a failure to store, and its end', () => {
    expect(statusAnnouncement('saving', 'unsaved')).toMatch(/^Not saved\. The server could not store your latest edits/);
    expect(statusAnnouncement('unsaved', 'unsaved')).toBeNull();
    expect(statusAnnouncement('unsaved', 'saved')).toBe('All changes saved.');
  });

  it('announces going offline, coming back and being refused', () => {
    expect(statusAnnouncement('saved', 'offline')).toMatch(/^Offline\./);
    expect(statusAnnouncement('offline', 'saving')).toBe('Back online. Syncing your edits.');
    expect(statusAnnouncement('saved', 'closed')).toMatch(/^Not connected\./);
  });
});
