-- Removes the search index and the triggers that keep it, so that
-- `wrangler d1 export` (which refuses virtual tables) can run. Put it back
-- with migrations/0007_member_search_index.sql. scripts/db-export.ts and db-restore.ts run it;
-- README, "Backups (export and restore)".
DROP TRIGGER IF EXISTS `member_search_member_inserted`;
DROP TRIGGER IF EXISTS `member_search_member_updated`;
DROP TRIGGER IF EXISTS `member_search_member_deleted`;
DROP TRIGGER IF EXISTS `member_search_user_renamed`;
DROP TABLE IF EXISTS `member_search`;
