// 32 symbols, so one random byte masked to 5 bits picks a symbol without modulo bias.
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** `prefix` followed by `length` random lowercase letters and digits (5 bits each). */
export function randomId(prefix: string, length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = prefix;
  for (const byte of bytes) id += ALPHABET.charAt(byte & 31);
  return id;
}
