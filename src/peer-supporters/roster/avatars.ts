import { settings } from "../../settings.ts";
import type { AvatarSettings } from "./serialize.ts";

/** The avatar URLs' settings ([vars] ASSETS_BASE_URL, DEFAULT_AVATAR_URL). */
export function avatarSettings(env: Env): AvatarSettings {
  return {
    // Trimmed once here, not for each of a page's avatars.
    assetsBaseUrl: settings.ASSETS_BASE_URL(env).replace(/\/+$/, ""),
    defaultAvatarUrl: settings.DEFAULT_AVATAR_URL(env),
  };
}
