ALTER TABLE `organization_members` ADD `bio_terms` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `first_name_terms` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `last_name_terms` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Custom backfill (drizzle-kit cannot write one): the rows already there get
-- the terms the Worker writes with every new text (searchTermsOf() in
-- src/peer-supporters/search-index.ts): the hex of the UTF-8 of every
-- distinct one- and two-code-point substring of the folded text, space-separated.
-- substr() walks the text from its start each time, so this costs the square
-- of each text's length: fine once, which is why the Worker computes them from then on.
UPDATE `users` SET
	`first_name_terms` = coalesce((
		WITH RECURSIVE `p`(`n`) AS (SELECT 1 UNION ALL SELECT `n` + 1 FROM `p` WHERE `n` < length(`users`.`first_name_search`))
		SELECT group_concat(`term`, ' ') FROM (
			SELECT DISTINCT hex(substr(`users`.`first_name_search`, `p`.`n`, `w`.`width`)) AS `term`
			FROM `p`, (SELECT 1 AS `width` UNION ALL SELECT 2) `w`
			WHERE `p`.`n` + `w`.`width` - 1 <= length(`users`.`first_name_search`))
	), ''),
	`last_name_terms` = coalesce((
		WITH RECURSIVE `p`(`n`) AS (SELECT 1 UNION ALL SELECT `n` + 1 FROM `p` WHERE `n` < length(`users`.`last_name_search`))
		SELECT group_concat(`term`, ' ') FROM (
			SELECT DISTINCT hex(substr(`users`.`last_name_search`, `p`.`n`, `w`.`width`)) AS `term`
			FROM `p`, (SELECT 1 AS `width` UNION ALL SELECT 2) `w`
			WHERE `p`.`n` + `w`.`width` - 1 <= length(`users`.`last_name_search`))
	), '');
--> statement-breakpoint
UPDATE `organization_members` SET
	`bio_terms` = coalesce((
		WITH RECURSIVE `p`(`n`) AS (SELECT 1 UNION ALL SELECT `n` + 1 FROM `p` WHERE `n` < length(`organization_members`.`bio_search`))
		SELECT group_concat(`term`, ' ') FROM (
			SELECT DISTINCT hex(substr(`organization_members`.`bio_search`, `p`.`n`, `w`.`width`)) AS `term`
			FROM `p`, (SELECT 1 AS `width` UNION ALL SELECT 2) `w`
			WHERE `p`.`n` + `w`.`width` - 1 <= length(`organization_members`.`bio_search`))
	), '');
