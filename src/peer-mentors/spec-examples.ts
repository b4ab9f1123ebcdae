// The examples of docs/peer-mentors-api-v1.md, shown in the OpenAPI document.

const kari = {
  mentor_id: "mentor_a1b2c3",
  full_name: "Kari Nordmann",
  email: "kari.nordmann@frivillig.no",
  org_id: "org_x9y8z7",
  status: "active",
  is_hlf: false,
  is_paused: false,
  certification_expiry_date: "2026-11-15T00:00:00Z",
  created_at: "2024-03-10T08:30:00Z",
  updated_at: "2025-09-01T14:22:00Z",
};

export const listExample = {
  data: [
    kari,
    {
      mentor_id: "mentor_d4e5f6",
      full_name: "Ole Hansen",
      email: "ole.hansen@frivillig.no",
      org_id: "org_x9y8z7",
      status: "warning",
      is_hlf: false,
      is_paused: false,
      certification_expiry_date: "2026-04-10T00:00:00Z",
      created_at: "2023-07-22T09:00:00Z",
      updated_at: "2026-03-01T11:05:00Z",
    },
  ],
  pagination: { page: 1, limit: 20, total: 48 },
};

export const mentorExample = { ...kari, phone: "+47 912 34 567" };

export const createExample = {
  full_name: "Ingrid Berg",
  email: "ingrid.berg@frivillig.no",
  phone: "+47 987 65 432",
  org_id: "org_x9y8z7",
  is_hlf: false,
  certification_expiry_date: "2027-06-01T00:00:00Z",
};

export const createdExample = {
  mentor_id: "mentor_g7h8i9",
  full_name: "Ingrid Berg",
  email: "ingrid.berg@frivillig.no",
  org_id: "org_x9y8z7",
  status: "active",
  is_hlf: false,
  is_paused: false,
  phone: "+47 987 65 432",
  certification_expiry_date: "2027-06-01T00:00:00Z",
  created_at: "2026-03-26T10:00:00Z",
  updated_at: "2026-03-26T10:00:00Z",
};

export const updateExample = {
  full_name: "Kari Nordmann-Olsen",
  email: "kari.no@frivillig.no",
  phone: "+47 912 34 567",
  is_hlf: true,
};

export const updatedExample = {
  ...mentorExample,
  ...updateExample,
  updated_at: "2026-03-26T10:15:00Z",
};

export const deletedExample = { deleted: true, mentor_id: "mentor_a1b2c3" };

export const statusChangeExample = { status: "paused", reason: "On leave until April 2026" };

export const statusChangedExample = {
  mentor_id: "mentor_a1b2c3",
  status: "paused",
  is_paused: true,
  updated_at: "2026-03-26T10:20:00Z",
};

export const expiryChangeExample = { expiry_date: "2027-03-15T00:00:00Z" };

export const expiryChangedExample = {
  mentor_id: "mentor_a1b2c3",
  certification_expiry_date: "2027-03-15T00:00:00Z",
  status: "active",
  days_until_expiry: 354,
  updated_at: "2026-03-26T10:25:00Z",
};

export const historyExample = {
  mentor_id: "mentor_a1b2c3",
  data: [
    {
      from_status: "active",
      to_status: "paused",
      reason: "On leave until April 2026",
      source: "api",
      changed_at: "2026-03-26T10:20:00Z",
      changed_by: { kind: "console_member", id: "cm_k2j4h6g8f0d2s4a6", name: "Kari Nordmann" },
    },
  ],
};
