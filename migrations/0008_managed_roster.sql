CREATE TABLE `member_listing_changes` (
	`id` integer PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`listed` integer NOT NULL,
	`source` text NOT NULL,
	`key_id` text,
	`changed_at` text NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `organization_members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `member_listing_changes_member_idx` ON `member_listing_changes` (`member_id`,`id`);--> statement-breakpoint
CREATE TABLE `public_roster_settings` (
	`organization_id` integer PRIMARY KEY NOT NULL,
	`show_recovery_status` integer DEFAULT false NOT NULL,
	`show_motivation` integer DEFAULT true NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `organization_members` ADD `listed` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `organization_members` ADD `topics` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
-- drizzle-kit writes this ADD without the schema's ON DELETE SET NULL (it is in
-- 0008_snapshot.json): added by hand, so deleting a mentor clears the link.
ALTER TABLE `organization_members` ADD `mentor_id` text REFERENCES peer_mentors(mentor_id) ON DELETE SET NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `organization_members_mentor_uq` ON `organization_members` (`mentor_id`);