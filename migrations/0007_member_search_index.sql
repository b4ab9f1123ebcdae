-- Custom migration (drizzle-kit generate --custom): drizzle's schema cannot
-- declare virtual tables or triggers. The roster's `q` finds members through
-- this trigram index over the folded names and bio (src/peer-supporters/search.ts);
-- one row per organization member, rowid = organization_members.id. Triggers
-- keep it in step with every write, the import's included.
-- `wrangler d1 export` refuses a database holding a virtual table: README, "Backups (export and restore)".
CREATE VIRTUAL TABLE `member_search` USING fts5(
	`first_name`, `last_name`, `bio`,
	-- The text is folded by the Worker already (src/search/fold.ts), so FTS must not fold again.
	tokenize = 'trigram case_sensitive 1'
);
--> statement-breakpoint
INSERT INTO `member_search` (`rowid`, `first_name`, `last_name`, `bio`)
	SELECT `m`.`id`, `u`.`first_name_search`, `u`.`last_name_search`, `m`.`bio_search`
	FROM `organization_members` `m` JOIN `users` `u` ON `u`.`id` = `m`.`user_id`;
--> statement-breakpoint
CREATE TRIGGER `member_search_member_inserted` AFTER INSERT ON `organization_members` BEGIN
	INSERT INTO `member_search` (`rowid`, `first_name`, `last_name`, `bio`)
		SELECT NEW.`id`, `first_name_search`, `last_name_search`, NEW.`bio_search`
		FROM `users` WHERE `id` = NEW.`user_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `member_search_member_updated` AFTER UPDATE OF `id`, `user_id`, `bio_search` ON `organization_members`
	WHEN OLD.`id` IS NOT NEW.`id` OR OLD.`user_id` IS NOT NEW.`user_id` OR OLD.`bio_search` IS NOT NEW.`bio_search`
BEGIN
	DELETE FROM `member_search` WHERE `rowid` = OLD.`id`;
	INSERT INTO `member_search` (`rowid`, `first_name`, `last_name`, `bio`)
		SELECT NEW.`id`, `first_name_search`, `last_name_search`, NEW.`bio_search`
		FROM `users` WHERE `id` = NEW.`user_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `member_search_member_deleted` AFTER DELETE ON `organization_members` BEGIN
	DELETE FROM `member_search` WHERE `rowid` = OLD.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `member_search_user_renamed` AFTER UPDATE OF `first_name_search`, `last_name_search` ON `users`
	WHEN OLD.`first_name_search` IS NOT NEW.`first_name_search` OR OLD.`last_name_search` IS NOT NEW.`last_name_search`
BEGIN
	UPDATE `member_search` SET `first_name` = NEW.`first_name_search`, `last_name` = NEW.`last_name_search`
		WHERE `rowid` IN (SELECT `id` FROM `organization_members` WHERE `user_id` = NEW.`id`);
END;
