// Lengths as the hub counts them: Unicode code points (an emoji is one, a
// Chinese character is one), not UTF-16 units.
export function codePoints(text: string): number {
  return Array.from(text).length;
}
