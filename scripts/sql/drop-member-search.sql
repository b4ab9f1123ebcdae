-- Removes the search indexes, their view and the triggers that keep them, so
-- that `wrangler d1 export` (which refuses virtual tables) can run. Put them
-- back with migrations/0022_short_search_by_organization.sql. scripts/db-export.ts
-- and db-restore.ts run it; docs/operations.md, "Backups (export and restore)".
DROP TRIGGER IF EXISTS `member_search_member_inserted`;
DROP TRIGGER IF EXISTS `member_search_member_updated`;
DROP TRIGGER IF EXISTS `member_search_member_deleted`;
DROP TRIGGER IF EXISTS `member_search_user_renamed`;
DROP VIEW IF EXISTS `member_search_source`;
DROP TABLE IF EXISTS `member_search`;
DROP TABLE IF EXISTS `member_search_short`;
