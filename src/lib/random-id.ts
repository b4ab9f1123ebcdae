// 32 symbols, so one random byte masked to 5 bits picks a symbol without modulo bias.
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
// Random bytes are drawn a block at a time, each used once: a getRandomValues() call
// per id cost an import of 100,000 mentors a quarter of a second for their revisions.
const RANDOM_BLOCK_BYTES = 4096;
let block = new Uint8Array(0);
let used = 0;

/** `prefix` followed by `length` random lowercase letters and digits (5 bits each). */
export function randomId(prefix: string, length: number): string {
  if (used + length > block.length) {
    block = crypto.getRandomValues(new Uint8Array(Math.max(RANDOM_BLOCK_BYTES, length)));
    used = 0;
  }
  let id = prefix;
  for (const byte of block.subarray(used, used + length)) id += ALPHABET.charAt(byte & 31);
  used += length;
  return id;
}
