/**
 * Which images a note may show: an https (or http) address that is a valid
 * URL. The site has no files beside a note, so a path cannot work; and an
 * address the renderer cannot decode (`http://%zz/`) would empty the note.
 * Shared by the check (prepareNote) and the renderer (site/lib/safe-notes.ts).
 */
export function isShownImageUrl(url: string): boolean {
  // Browsers ignore control characters and spaces inside a scheme.
  const squeezed = url.replace(/[\u0000-\u0020\u007f]/g, '');
  if (!/^https?:\/\//i.test(squeezed) || !URL.canParse(url)) return false;
  try {
    decodeURI(url);
    return true;
  } catch {
    return false;
  }
}
