import type { AvatarSettings } from "./serialize.ts";

/** The avatar URLs' settings ([vars] ASSETS_BASE_URL, DEFAULT_AVATAR_URL). */
export function avatarSettings(env: Env): AvatarSettings {
  return { assetsBaseUrl: env.ASSETS_BASE_URL, defaultAvatarUrl: env.DEFAULT_AVATAR_URL };
}
