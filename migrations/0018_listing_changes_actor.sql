ALTER TABLE `member_listing_changes` ADD `actor_kind` text;--> statement-breakpoint
ALTER TABLE `member_listing_changes` ADD `actor_id` text;--> statement-breakpoint
ALTER TABLE `member_listing_changes` ADD `actor_name` text;