-- Removes the search indexes and the triggers that keep them, so that
-- `wrangler d1 export` (which refuses virtual tables) can run and a restore
-- writes rows without the triggers indexing each one. Put them back with
-- migrations/0007_member_search_index.sql and 0011_short_term_search_index.sql,
-- which rebuild them from the tables. scripts/db-export.ts and db-restore.ts
-- run it; README, "Backups (export and restore)".
DROP TRIGGER IF EXISTS `member_search_member_inserted`;
DROP TRIGGER IF EXISTS `member_search_member_updated`;
DROP TRIGGER IF EXISTS `member_search_member_deleted`;
DROP TRIGGER IF EXISTS `member_search_user_renamed`;
DROP TABLE IF EXISTS `member_search`;
DROP TRIGGER IF EXISTS `member_search_short_member_inserted`;
DROP TRIGGER IF EXISTS `member_search_short_member_updated`;
DROP TRIGGER IF EXISTS `member_search_short_member_deleted`;
DROP TRIGGER IF EXISTS `member_search_short_user_renamed`;
DROP VIEW IF EXISTS `member_short_terms`;
DROP TABLE IF EXISTS `member_search_short`;
DROP TABLE IF EXISTS `search_positions`;
