CREATE TABLE `console_members` (
	`member_id` text PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`display_name` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `console_members_organization_email_uq` ON `console_members` (`organization_id`,`email`);--> statement-breakpoint
CREATE INDEX `console_members_email_idx` ON `console_members` (`email`);--> statement-breakpoint
CREATE TABLE `console_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `console_sessions_email_idx` ON `console_sessions` (`email`);--> statement-breakpoint
CREATE INDEX `console_sessions_expires_idx` ON `console_sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `console_sign_in_links` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`consumed_at` text
);
--> statement-breakpoint
CREATE INDEX `console_sign_in_links_expires_idx` ON `console_sign_in_links` (`expires_at`);--> statement-breakpoint
ALTER TABLE `peer_mentor_status_changes` ADD `actor_kind` text;--> statement-breakpoint
ALTER TABLE `peer_mentor_status_changes` ADD `actor_id` text;--> statement-breakpoint
ALTER TABLE `peer_mentor_status_changes` ADD `actor_name` text;