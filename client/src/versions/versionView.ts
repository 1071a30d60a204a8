/** What the version viewer shows, and how its title names it. Pure, so it is unit-tested. */
import type { VersionSummary } from '../../../shared/versions';

/** The current letter, as the newer side of a comparison. */
export const CURRENT = 'current';

/** What the viewer shows: one version, or a comparison from one version to another or to the current letter. */
export type VersionView = { mode: 'open'; versionId: string } | { mode: 'compare'; from: string; to: string };

/** A version's name in quotes, or a neutral phrase when it is no longer listed. */
export function quoted(versions: readonly VersionSummary[], id: string): string {
  if (id === CURRENT) return 'the current letter';
  const version = versions.find((candidate) => candidate.id === id);
  return version ? `“${version.name}”` : 'a version';
}

/** The dialog's title, which is also its accessible name. */
export function viewerTitle(view: VersionView, versions: readonly VersionSummary[]): string {
  if (view.mode === 'open') return `Viewing version ${quoted(versions, view.versionId)} — read-only`;
  return `Comparing ${quoted(versions, view.from)} with ${quoted(versions, view.to)}`;
}
