/**
 * The form names are searched in: lower case, accents dropped, runs of spaces as one. Entity
 * indexes compare strings exactly, so the stored key and the typed search both pass through
 * this, and "Zürich  Tools" is found by "zurich t".
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
