/** Who may do what with versions, and how versions are named in the UI. Pure, so it is unit-tested. */
import type { Letter } from '../../../shared/letters';
import { VersionQuota } from '../../../shared/limits';
import { can } from '../../../shared/roles';
import { VersionLimits, type VersionKind, type VersionSummary } from '../../../shared/versions';

/** Plain-language names of version kinds. */
export const VERSION_KIND_LABEL: Record<VersionKind, string> = {
  manual: 'Saved',
  status: 'Status change',
  review: 'Review',
  restore: 'Restored',
};

/** Why I may not save a version of `letter`, or null if I may (saving is allowed on a sent letter). */
export function saveBlockedReason(letter: Pick<Letter, 'role'>, versions: readonly Pick<VersionSummary, 'kind'>[] = []): string | null {
  if (!can(letter.role, 'editBody')) return 'Only the letter’s owners and editors can save versions.';
  // The server refuses more (409 version_limit); saying so before anyone types a name.
  const kept = versions.filter((version) => version.kind === 'manual' || version.kind === 'restore').length;
  if (kept >= VersionQuota.maxPerLetter) return `This letter already keeps ${VersionQuota.maxPerLetter} saved and restored versions, the most one letter can keep.`;
  return null;
}

/** Why I may not restore a version of `letter`, or null if I may. */
export function restoreBlockedReason(letter: Pick<Letter, 'role' | 'frozen'>): string | null {
  if (!can(letter.role, 'editBody')) return 'Only the letter’s owners and editors can restore a version.';
  if (letter.frozen) return 'The letter was sent: an owner must reopen it before a version can be restored.';
  return null;
}

/** Who made a version, for the list. */
export function versionAuthor(version: VersionSummary): string {
  return version.createdBy?.name ?? 'a former member';
}

/** Checks a version name as the server will; null when it is fine. */
export function validateVersionName(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Give the version a name, e.g. “Before the lawyer’s edits”.';
  if (trimmed.length > VersionLimits.maxNameLength) return `The name must be at most ${VersionLimits.maxNameLength} characters.`;
  return null;
}

/** "2 insertions, 1 deletion, 1 formatting change". */
export function changeSummary(counts: { inserted: number; deleted: number; formatting: number }): string {
  const part = (n: number, one: string, many: string) => (n === 0 ? null : `${n} ${n === 1 ? one : many}`);
  return [part(counts.inserted, 'insertion', 'insertions'), part(counts.deleted, 'deletion', 'deletions'), part(counts.formatting, 'formatting change', 'formatting changes')]
    .filter((text) => text !== null)
    .join(', ');
}
