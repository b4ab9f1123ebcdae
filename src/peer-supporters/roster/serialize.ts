import type { ManagedMemberRow } from "../manage/queries.ts";
import type { ManagedMember } from "../manage/schemas.ts";
import type { PeerSupporterRow } from "./queries.ts";
import type { PeerSupporter, PublicPeerSupporter } from "./schemas.ts";
import { hiddenReasons } from "../public/visibility.ts";
import { firstGrapheme } from "../../lib/first-grapheme.ts";

/** Where avatars are: `assetsBaseUrl` without a trailing slash (avatars.ts). */
export type AvatarSettings = { assetsBaseUrl: string; defaultAvatarUrl: string };

/** "Jane D.", "Øyvind Å."; the first name alone when there is no last name. */
export function displayName(firstName: string, lastName: string | null): string {
  const initial = lastName ? firstGrapheme(lastName) : "";
  return initial ? `${firstName} ${initial}.` : firstName;
}

function avatarUrl(avatar: string | null, size: "medium" | "thumb", settings: AvatarSettings) {
  if (!avatar) return settings.defaultAvatarUrl;
  return `${settings.assetsBaseUrl}/users/avatars/${size}/${avatar}`;
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

/** Which optional fields an organization's public roster carries (public_roster_settings). */
export type PublicFields = { showRecoveryStatus: boolean; showMotivation: boolean };

/**
 * A roster entry as the public roster answers it: what the organization's
 * page shows, never the last name, user id or time zone, and the member's
 * recovery story only where the organization opted it in. Interests,
 * greeting and availability come from the same active platform-level
 * profile the spec object's `independent_peer_supporter` does.
 */
export function serializePublicSupporter(
  row: PeerSupporterRow,
  avatars: AvatarSettings,
  fields: PublicFields,
): PublicPeerSupporter {
  const isIndependent = row.independentRating !== null && row.independentRatingsCount !== null;
  return {
    id: row.id,
    full_name: displayName(row.firstName, row.lastName),
    bio: row.bio,
    ...(fields.showMotivation ? { motivation: row.motivation } : {}),
    ...(fields.showRecoveryStatus ? { recovery_status: row.recoveryStatus } : {}),
    // No stand-in picture: DEFAULT_AVATAR_URL is a third party's, and a page shows initials instead.
    profile_image_url: row.avatar ? avatarUrl(row.avatar, "medium", avatars) : null,
    profile_image_thumb_url: row.avatar ? avatarUrl(row.avatar, "thumb", avatars) : null,
    topics: row.topics,
    interests: isIndependent ? (row.interests ?? []) : [],
    greeting: isIndependent ? row.greetings : null,
    available: isIndependent ? (row.availability ?? false) : false,
  };
}

/** The managed record (secret keys): the spec's object plus what decides the public page. */
export function serializeManagedMember(
  row: ManagedMemberRow,
  avatars: AvatarSettings,
  now: Date,
): ManagedMember {
  const mentor =
    row.mentorStatus === null || row.mentorExpiryDate === null
      ? null
      : {
          status: row.mentorStatus,
          isPaused: Boolean(row.mentorIsPaused),
          isManuallyExpired: Boolean(row.mentorIsManuallyExpired),
          certificationExpiryDate: row.mentorExpiryDate,
        };
  const reasons = hiddenReasons(row, mentor, now);
  return {
    ...serializePeerSupporter(row, avatars),
    listed: row.listed,
    listed_changed_at: row.listedChangedAt,
    topics: row.topics,
    mentor_id: row.mentorId,
    visible_publicly: reasons.length === 0,
    hidden_reasons: reasons,
  };
}
