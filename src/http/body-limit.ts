/**
 * The largest request body: a roster member's texts at their limits (about
 * 8,100 code points, up to 4 bytes each in UTF-8) fit with room for JSON's
 * escapes.
 */
export const MAX_BODY_KIB = 64;
export const MAX_BODY_BYTES = MAX_BODY_KIB * 1024;
