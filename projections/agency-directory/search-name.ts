/**
 * A name as a person types it: accents and case folded, runs of spaces and punctuation made one
 * space, so "Kota Pontianak", "kota  pontiának" and "KOTA-PONTIANAK" all read "kota pontianak".
 */
export function searchName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
