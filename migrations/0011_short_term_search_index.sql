-- Custom migration (drizzle-kit generate --custom): drizzle's schema cannot
-- declare WITHOUT ROWID tables, views or triggers. The roster's `q` of two
-- code points (after folding) finds members through this index of every
-- two-code-point substring of the folded names and bio
-- (src/peer-supporters/search.ts), as terms of three or more use member_search
-- (0007): the cost follows the matches, not the roster. A row per member and
-- term; `public` when the term occurs in the first name or bio, which the
-- public roster searches (not only in the last name). Triggers keep it in step
-- with every write, the import's included. scripts/sql/drop-member-search.sql
-- drops it for backups and this file rebuilds it (README, "Backups").
CREATE TABLE `search_positions` (`n` integer PRIMARY KEY NOT NULL);
--> statement-breakpoint
-- 1..16384: past every folded text's length (test/short-term-search.test.ts checks the bound).
INSERT INTO `search_positions` (`n`)
	WITH RECURSIVE `p`(`n`) AS (SELECT 1 UNION ALL SELECT `n` + 1 FROM `p` WHERE `n` < 16384)
	SELECT `n` FROM `p`;
--> statement-breakpoint
CREATE TABLE `member_search_short` (
	`member_id` integer NOT NULL,
	`term` text NOT NULL,
	`organization_id` integer NOT NULL,
	`public` integer NOT NULL,
	PRIMARY KEY (`member_id`, `term`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `member_search_short_term_idx` ON `member_search_short` (`organization_id`, `term`, `public`, `member_id`);
--> statement-breakpoint
-- Every two-code-point substring of each member's folded texts
-- (SQLite's substr() and length() count code points), once per text it occurs
-- in. One join, no compound select, so a trigger's WHERE on `member_id` or
-- `user_id` reaches the tables' keys.
CREATE VIEW `member_short_terms` AS
	SELECT `texts`.`member_id`, `texts`.`user_id`, `texts`.`organization_id`,
		substr(`texts`.`text`, `p`.`n`, 2) AS `term`, `texts`.`public`
	FROM (
		SELECT `m`.`id` AS `member_id`, `m`.`user_id`, `m`.`organization_id`, `parts`.`public`,
			CASE `parts`.`part` WHEN 1 THEN `u`.`first_name_search` WHEN 2 THEN `m`.`bio_search`
				ELSE `u`.`last_name_search` END AS `text`
		FROM `organization_members` `m`
		JOIN `users` `u` ON `u`.`id` = `m`.`user_id`
		JOIN (SELECT 1 AS `part`, 1 AS `public` UNION ALL SELECT 2, 1 UNION ALL SELECT 3, 0) `parts`
	) `texts`
	JOIN `search_positions` `p` ON `p`.`n` < length(`texts`.`text`);
--> statement-breakpoint
INSERT INTO `member_search_short` (`member_id`, `term`, `organization_id`, `public`)
	SELECT `member_id`, `term`, `organization_id`, max(`public`) FROM `member_short_terms`
	GROUP BY `member_id`, `term`;
--> statement-breakpoint
CREATE TRIGGER `member_search_short_member_inserted` AFTER INSERT ON `organization_members` BEGIN
	INSERT INTO `member_search_short` (`member_id`, `term`, `organization_id`, `public`)
		SELECT `member_id`, `term`, `organization_id`, max(`public`) FROM `member_short_terms`
		WHERE `member_id` = NEW.`id` GROUP BY `term`;
END;
--> statement-breakpoint
CREATE TRIGGER `member_search_short_member_updated` AFTER UPDATE OF `id`, `organization_id`, `user_id`, `bio_search` ON `organization_members`
	WHEN OLD.`id` IS NOT NEW.`id` OR OLD.`organization_id` IS NOT NEW.`organization_id`
		OR OLD.`user_id` IS NOT NEW.`user_id` OR OLD.`bio_search` IS NOT NEW.`bio_search`
BEGIN
	DELETE FROM `member_search_short` WHERE `member_id` = OLD.`id`;
	INSERT INTO `member_search_short` (`member_id`, `term`, `organization_id`, `public`)
		SELECT `member_id`, `term`, `organization_id`, max(`public`) FROM `member_short_terms`
		WHERE `member_id` = NEW.`id` GROUP BY `term`;
END;
--> statement-breakpoint
CREATE TRIGGER `member_search_short_member_deleted` AFTER DELETE ON `organization_members` BEGIN
	DELETE FROM `member_search_short` WHERE `member_id` = OLD.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `member_search_short_user_renamed` AFTER UPDATE OF `first_name_search`, `last_name_search` ON `users`
	WHEN OLD.`first_name_search` IS NOT NEW.`first_name_search` OR OLD.`last_name_search` IS NOT NEW.`last_name_search`
BEGIN
	DELETE FROM `member_search_short`
		WHERE `member_id` IN (SELECT `id` FROM `organization_members` WHERE `user_id` = NEW.`id`);
	INSERT INTO `member_search_short` (`member_id`, `term`, `organization_id`, `public`)
		SELECT `member_id`, `term`, `organization_id`, max(`public`) FROM `member_short_terms`
		WHERE `user_id` = NEW.`id` GROUP BY `member_id`, `term`;
END;
