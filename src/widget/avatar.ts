import { element, parseUrl } from "./dom.ts";
import type { Supporter } from "./supporter.ts";

/*
 * A supporter's picture, or their initials on a colour when there is none
 * (the public roster sends null) or it does not load: never a broken-image
 * icon, and no stand-in picture from a third-party host.
 */

// Backgrounds with at least 4.5:1 contrast against white initials.
const AVATAR_COLORS = [
  "#0b5cad",
  "#1f6f43",
  "#8e3b9a",
  "#b3261e",
  "#7a4d00",
  "#00677f",
  "#5b4fc7",
  "#a3366b",
];

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const firstGrapheme = (word: string) =>
  graphemes.segment(word)[Symbol.iterator]().next().value?.segment ?? "";

/** "Jane D." → "JD", "Øyvind Å." → "ØÅ", "Mia" → "M". */
export function initials(fullName: string): string {
  const words = fullName.replace(/\./g, "").trim().split(/\s+/);
  const last = words.length > 1 ? firstGrapheme(words[words.length - 1] ?? "") : "";
  return (firstGrapheme(words[0] ?? "") + last).toLocaleUpperCase();
}

function imageUrl(text: string | null): string | null {
  const url = text === null ? null : parseUrl(text);
  return url && (url.protocol === "https:" || url.protocol === "http:") ? url.href : null;
}

/**
 * The avatar: initials always (hidden from screen readers, the name is beside
 * them), and over them the picture once it loads. The picture's alt is empty
 * for the same reason, so no text spills into the circle while it loads.
 */
export function avatar(supporter: Supporter, size: "thumb" | "medium"): HTMLSpanElement {
  const color = AVATAR_COLORS[Math.abs(supporter.id) % AVATAR_COLORS.length] ?? "";
  const circle = element("span", {
    part: "avatar",
    class: `avatar ${size}`,
    style: `--peer-supporters-avatar-tone: ${color}`,
    "aria-hidden": "true",
  });
  circle.append(
    element("span", { part: "initials", class: "initials" }, initials(supporter.full_name)),
  );
  const src = imageUrl(
    size === "thumb" ? supporter.profile_image_thumb_url : supporter.profile_image_url,
  );
  if (src) {
    const image = element("img", { src, alt: "", loading: "lazy", referrerpolicy: "no-referrer" });
    image.addEventListener("error", () => {
      image.remove();
    });
    circle.append(image);
  }
  return circle;
}
