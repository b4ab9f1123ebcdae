/** The public roster's PublicPeerSupporter (motivation and recovery_status as the organization chose). */
export type Supporter = {
  id: number;
  full_name: string;
  bio: string | null;
  motivation?: string | null;
  recovery_status?: string | null;
  profile_image_url: string | null;
  profile_image_thumb_url: string | null;
  topics: string[];
  interests: string[];
  greeting: string | null;
  available: boolean;
};

export type RosterPage = {
  current_page: number;
  total_items: number;
  total_pages: number;
  peer_supporters: Supporter[];
};

/** One of the organization's topics, with how many publicly listed members carry it. */
export type TopicCount = { topic: string; count: number };
