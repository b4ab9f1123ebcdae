/** Length in Unicode code points, the "characters" our length limits count. */
export function codePointLength(text: string): number {
  return Array.from(text).length;
}
