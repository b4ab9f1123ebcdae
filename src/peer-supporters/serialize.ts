import type { PeerSupporterRow } from "./queries.ts";
import type { PeerSupporter } from "./schemas.ts";

export type AvatarSettings = { assetsBaseUrl: string; defaultAvatarUrl: string };

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** "Jane D.", "Øyvind Å."; the first name alone when there is no last name. */
export function displayName(firstName: string, lastName: string | null): string {
  const initial = lastName
    ? graphemes.segment(lastName)[Symbol.iterator]().next().value
    : undefined;
  return initial ? `${firstName} ${initial.segment}.` : firstName;
}

function avatarUrl(avatar: string | null, size: "medium" | "thumb", settings: AvatarSettings) {
  if (!avatar) return settings.defaultAvatarUrl;
  return `${settings.assetsBaseUrl.replace(/\/+$/, "")}/users/avatars/${size}/${avatar}`;
}

/** The spec's peer supporter object, keys in the spec's order. */
export function serializePeerSupporter(
  row: PeerSupporterRow,
  avatars: AvatarSettings,
): PeerSupporter {
  // Both are NOT NULL columns: null here means no active platform-level profile joined.
  const { independentRating, independentRatingsCount } = row;
  const isIndependent = independentRating !== null && independentRatingsCount !== null;
  return {
    id: row.id,
    user_id: row.userId,
    first_name: row.firstName,
    last_name: row.lastName,
    full_name: displayName(row.firstName, row.lastName),
    bio: row.bio,
    motivation: row.motivation,
    recovery_status: row.recoveryStatus,
    time_zone: row.timeZone,
    profile_image_url: avatarUrl(row.avatar, "medium", avatars),
    profile_image_thumb_url: avatarUrl(row.avatar, "thumb", avatars),
    status: row.status,
    rating: row.rating,
    feedback_count: row.feedbackCount,
    is_independent_peer_supporter: isIndependent,
    independent_peer_supporter: isIndependent
      ? {
          about: row.about,
          rating: independentRating,
          ratings_count: independentRatingsCount,
          // No preference row: the documented empty defaults.
          preference: {
            peer_support_interests: row.interests ?? [],
            availability: row.availability ?? false,
            greetings: row.greetings,
            motivation: row.preferenceMotivation,
            recovery_status: row.preferenceRecoveryStatus,
          },
        }
      : null,
  };
}
