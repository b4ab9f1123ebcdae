/*
 * Request bodies and import files are UTF-8. A decoder that replaces what is
 * not UTF-8 with U+FFFD would store "Ol�" for the "Olé" a client sent in
 * Latin-1, a change the client never sees: so bytes that are not UTF-8 are
 * refused, naming the JSON field they sit in when it can be told.
 */

const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const lenientDecoder = new TextDecoder("utf-8");

export type Utf8Result = { ok: true; text: string } | { ok: false; field: string };

/** The byte offset of the first sequence that is not UTF-8 (the data holds one). */
function firstInvalidByte(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  // The longest valid prefix: decodable with `stream` (a cut sequence may still complete).
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    try {
      new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
        bytes.subarray(0, middle),
        { stream: true },
      );
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  return low;
}

/** "members[2].first_name": where `marker` sits in `value` (a key or a string), or undefined. */
function pathOf(value: unknown, marker: string, path = ""): string | undefined {
  if (typeof value === "string") return value.includes(marker) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = pathOf(item, marker, `${path}[${index}]`);
      if (found !== undefined) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      // A key is named as a lenient decoder reads it, with U+FFFD for the bytes.
      if (key.includes(marker)) return keyPath.replace(marker, "\uFFFD");
      const found = pathOf(item, marker, keyPath);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * `bytes` as text when they are UTF-8; else the JSON field holding the first
 * bytes that are not (its path, as validation errors name fields), or
 * `whole` when the JSON around them cannot be read.
 */
export function decodeUtf8Json(bytes: Uint8Array, whole: string): Utf8Result {
  try {
    return { ok: true, text: strictDecoder.decode(bytes) };
  } catch {
    // `stream` leaves out a sequence the prefix cuts short: the invalid bytes start there.
    const before = new TextDecoder("utf-8").decode(bytes.subarray(0, firstInvalidByte(bytes)), {
      stream: true,
    });
    const marker = `\u{10FFFD}${crypto.randomUUID()}\u{10FFFD}`;
    // The lenient decoding's first U+FFFD at that point stands for the invalid bytes.
    const text = lenientDecoder.decode(bytes);
    let parsed: unknown;
    try {
      parsed = JSON.parse(before + marker + text.slice(before.length + 1));
    } catch {
      return { ok: false, field: whole };
    }
    const field = pathOf(parsed, marker);
    return { ok: false, field: field === undefined || field === "" ? whole : field };
  }
}
