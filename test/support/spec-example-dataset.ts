/**
 * The v2 spec's example as a dataset: the two members (Jane, 812, and Sam, 813)
 * whose first page src/peer-supporters/roster/spec-example.json shows, byte for byte.
 * The demo data is the Norwegian organization's; this is the spec's own.
 */
export const specExampleDataset = {
  organizations: [
    {
      id: 5,
      public_id: "org_x9y8z7",
      name: "Example Org",
    },
  ],
  users: [
    {
      id: 4501,
      first_name: "Jane",
      last_name: "Doe",
      time_zone: "America/Los_Angeles",
      about: "I've been a peer supporter on HeyPeers since 2022.",
      avatar: "4501.png",
    },
    {
      id: 4502,
      first_name: "Sam",
      last_name: "Lee",
      time_zone: "America/New_York",
      about: null,
      avatar: null,
    },
  ],
  preferences: [
    {
      user_id: 4501,
      peer_support_interests: ["Grief", "PTSD"],
      availability: true,
      greetings: "Hi, I'm Jane. Happy to meet you.",
      motivation: "Paying forward the support I received.",
      recovery_status: "10 years in recovery.",
    },
  ],
  organization_members: [
    {
      id: 812,
      organization_id: 5,
      user_id: 4501,
      roles: ["peer_supporter"],
      bio: "Certified peer supporter focused on grief and loss.",
      motivation: "Helping others find their footing after loss.",
      recovery_status: "10 years in recovery from substance use.",
      topics: ["Grief", "PTSD"],
      status: "approved",
      rating: 4.8,
      feedback_count: 32,
    },
    {
      id: 813,
      organization_id: 5,
      user_id: 4502,
      roles: ["peer_supporter"],
      bio: "Group facilitator and peer supporter.",
      motivation: null,
      recovery_status: null,
      topics: ["Anxiety"],
      status: "approved",
      rating: 0.0,
      feedback_count: 0,
    },
  ],
  peer_supporters: [
    {
      id: 9001,
      user_id: 4501,
      organization_id: null,
      status: "active",
      rating: 4.9,
      ratings_count: 118,
    },
  ],
};
