-- Custom migration (drizzle-kit generate --custom): migration 0015 again,
-- with one change. member_search_short no longer holds the organization as
-- a token of its own that a query ANDs with the term: every term is led by
-- its organization's id and an x ("1100x65", the folded "e" in organization
-- 1100), so a term's list holds only that organization's members. A search
-- for "e" in an organization of 50,000 walked the organization's list and
-- the term's list over every organization together, twice the first page's
-- count; it now walks the one list of its matches. The ascii tokenizer takes
-- "1100x65" whole (digits and letters) and hex has no x, so no two
-- organizations' terms meet. member_search is as before. Dropping and
-- creating it all again fills both indexes from the rows already there.
-- Re-runnable: the backup CLIs drop both indexes and run this file to
-- rebuild them (scripts/lib/d1-backup.ts).
DROP TRIGGER IF EXISTS `member_search_member_inserted`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `member_search_member_updated`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `member_search_member_deleted`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `member_search_user_renamed`;
--> statement-breakpoint
DROP VIEW IF EXISTS `member_search_source`;
--> statement-breakpoint
DROP TABLE IF EXISTS `member_search`;
--> statement-breakpoint
DROP TABLE IF EXISTS `member_search_short`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `member_search` USING fts5(
	`organization`, `name`, `last_name`, `bio`,
	-- The text is folded by the Worker already, so FTS must not fold again.
	tokenize = 'trigram case_sensitive 1'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `member_search_short` USING fts5(
	`public_terms`, `private_terms`,
	-- Tokens are digits, an x and hex digits: the ascii tokenizer takes them
	-- whole. Column detail is enough for single tokens; no copy of the text is kept.
	tokenize = 'ascii', detail = 'column', content = '', contentless_delete = 1
);
--> statement-breakpoint
-- What both indexes hold per roster member. `organization` is the id as three
-- code points of 20 bits each from the supplementary planes: one trigram
-- (organizationToken() in src/peer-supporters/roster/search-index.ts).
-- With a last name "Ærlig", `name` ends in " æ." and `public_terms` gain the
-- first name's last code point with the space, the space, the space with the
-- initial, the initial, the initial with the dot, and the dot. Each term of
-- `public_terms` and `private_terms` is then led by `term_prefix`, the
-- organization's id and an x (shortTermToken() in
-- src/peer-supporters/roster/short-terms.ts); trim() drops the space an empty
-- part leaves, so no term is the prefix alone.
CREATE VIEW `member_search_source` AS
SELECT `member_id`, `user_id`, `organization`, `name`, `last_name`, `bio`,
	CASE WHEN `public_terms` = '' THEN '' ELSE
		`term_prefix` || replace(`public_terms`, ' ', ' ' || `term_prefix`) END AS `public_terms`,
	CASE WHEN `private_terms` = '' THEN '' ELSE
		`term_prefix` || replace(`private_terms`, ' ', ' ' || `term_prefix`) END AS `private_terms`
FROM (
	SELECT `member_id`, `user_id`, `organization`, `term_prefix`,
		`first_name` || CASE WHEN `initial` = '' THEN '' ELSE ' ' || `initial` || '.' END AS `name`,
		`last_name`, `bio`,
		trim(`first_name_terms` || CASE WHEN `initial` = '' THEN '' ELSE
			' ' || hex(substr(`first_name`, -1)) || '20 20 20' || hex(`initial`) || ' ' || hex(`initial`)
			|| ' ' || hex(`initial`) || '2E 2E' END || ' ' || `bio_terms`) AS `public_terms`,
		trim(`last_name_terms`) AS `private_terms`
	FROM (
		SELECT `m`.`id` AS `member_id`, `m`.`user_id`, `m`.`organization_id` || 'x' AS `term_prefix`,
			char(65536 + ((`m`.`organization_id` >> 40) & 1048575),
				65536 + ((`m`.`organization_id` >> 20) & 1048575),
				65536 + (`m`.`organization_id` & 1048575)) AS `organization`,
			`u`.`first_name_search` AS `first_name`, `u`.`last_name_search` AS `last_name`,
			`m`.`bio_search` AS `bio`, `u`.`first_name_terms`, `u`.`last_name_terms`, `m`.`bio_terms`,
			substr(`u`.`last_name_search`, 1, 1) AS `initial`
		FROM `organization_members` `m` JOIN `users` `u` ON `u`.`id` = `m`.`user_id`
		WHERE `m`.`is_peer_supporter`
	)
);
--> statement-breakpoint
INSERT INTO `member_search` (`rowid`, `organization`, `name`, `last_name`, `bio`)
	SELECT `member_id`, `organization`, `name`, `last_name`, `bio` FROM `member_search_source`;
--> statement-breakpoint
INSERT INTO `member_search_short` (`rowid`, `public_terms`, `private_terms`)
	SELECT `member_id`, `public_terms`, `private_terms` FROM `member_search_source`;
--> statement-breakpoint
CREATE TRIGGER `member_search_member_inserted` AFTER INSERT ON `organization_members`
	WHEN NEW.`is_peer_supporter`
BEGIN
	INSERT INTO `member_search` (`rowid`, `organization`, `name`, `last_name`, `bio`)
		SELECT `member_id`, `organization`, `name`, `last_name`, `bio`
		FROM `member_search_source` WHERE `member_id` = NEW.`id`;
	INSERT INTO `member_search_short` (`rowid`, `public_terms`, `private_terms`)
		SELECT `member_id`, `public_terms`, `private_terms`
		FROM `member_search_source` WHERE `member_id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `member_search_member_updated`
	AFTER UPDATE OF `id`, `organization_id`, `user_id`, `bio_search`, `bio_terms`, `is_peer_supporter`
	ON `organization_members`
	WHEN OLD.`id` IS NOT NEW.`id` OR OLD.`organization_id` IS NOT NEW.`organization_id`
		OR OLD.`user_id` IS NOT NEW.`user_id` OR OLD.`bio_search` IS NOT NEW.`bio_search`
		OR OLD.`bio_terms` IS NOT NEW.`bio_terms` OR OLD.`is_peer_supporter` IS NOT NEW.`is_peer_supporter`
BEGIN
	DELETE FROM `member_search` WHERE `rowid` = OLD.`id`;
	DELETE FROM `member_search_short` WHERE `rowid` = OLD.`id`;
	INSERT INTO `member_search` (`rowid`, `organization`, `name`, `last_name`, `bio`)
		SELECT `member_id`, `organization`, `name`, `last_name`, `bio`
		FROM `member_search_source` WHERE `member_id` = NEW.`id`;
	INSERT INTO `member_search_short` (`rowid`, `public_terms`, `private_terms`)
		SELECT `member_id`, `public_terms`, `private_terms`
		FROM `member_search_source` WHERE `member_id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `member_search_member_deleted` AFTER DELETE ON `organization_members` BEGIN
	DELETE FROM `member_search` WHERE `rowid` = OLD.`id`;
	DELETE FROM `member_search_short` WHERE `rowid` = OLD.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `member_search_user_renamed`
	AFTER UPDATE OF `first_name_search`, `last_name_search`, `first_name_terms`, `last_name_terms` ON `users`
	WHEN OLD.`first_name_search` IS NOT NEW.`first_name_search` OR OLD.`last_name_search` IS NOT NEW.`last_name_search`
		OR OLD.`first_name_terms` IS NOT NEW.`first_name_terms` OR OLD.`last_name_terms` IS NOT NEW.`last_name_terms`
BEGIN
	DELETE FROM `member_search`
		WHERE `rowid` IN (SELECT `id` FROM `organization_members` WHERE `user_id` = NEW.`id`);
	DELETE FROM `member_search_short`
		WHERE `rowid` IN (SELECT `id` FROM `organization_members` WHERE `user_id` = NEW.`id`);
	INSERT INTO `member_search` (`rowid`, `organization`, `name`, `last_name`, `bio`)
		SELECT `member_id`, `organization`, `name`, `last_name`, `bio`
		FROM `member_search_source` WHERE `user_id` = NEW.`id`;
	INSERT INTO `member_search_short` (`rowid`, `public_terms`, `private_terms`)
		SELECT `member_id`, `public_terms`, `private_terms`
		FROM `member_search_source` WHERE `user_id` = NEW.`id`;
END;
