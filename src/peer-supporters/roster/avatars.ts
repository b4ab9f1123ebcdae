import { settings } from "../../settings.ts";
import type { AvatarSettings } from "./serialize.ts";

/** The avatar URLs' settings ([vars] ASSETS_BASE_URL, DEFAULT_AVATAR_URL). */
export function avatarSettings(env: Env): AvatarSettings {
  return {
    assetsBaseUrl: settings.ASSETS_BASE_URL(env),
    defaultAvatarUrl: settings.DEFAULT_AVATAR_URL(env),
  };
}
