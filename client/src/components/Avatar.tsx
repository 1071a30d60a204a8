/** A round badge with someone's initials in their colour. */

/** Up to two initials, skipping honorifics such as "Dr." so avatars stay distinct. */
export function initials(name: string): string {
  // Only words that start with a letter: "Jordan Reyes (counsel)" is JR, not J(.
  const words = name.split(/\s+/).filter((word) => /^\p{L}/u.test(word) && !/^(dr|mr|mrs|ms|mx|prof)\.?$/i.test(word));
  const picked = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return picked.map((word) => word?.charAt(0).toUpperCase() ?? '').join('') || '?';
}

/** The avatar; decorative, since the name is always written beside it. */
export function Avatar({ name, color, small = false }: { name: string; color: string; small?: boolean }) {
  return (
    <span className={small ? 'avatar avatar--small' : 'avatar'} style={{ backgroundColor: color }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
