/** How the comment shortcuts read on this platform. */

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The shortcut that comments on the selection: "Ctrl+Alt+M", or "⌘⌥M" on a Mac. */
export const COMMENT_SHORTCUT = isMac ? '⌘⌥M' : 'Ctrl+Alt+M';

/** The same shortcut as aria-keyshortcuts names it. */
export const COMMENT_SHORTCUT_ARIA = isMac ? 'Meta+Alt+M' : 'Control+Alt+M';

/** The key that, with Enter, sends a comment: "Ctrl", or "⌘" on a Mac. */
export const SEND_MODIFIER = isMac ? '⌘' : 'Ctrl';
