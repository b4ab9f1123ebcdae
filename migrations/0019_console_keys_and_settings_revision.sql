CREATE TABLE `console_key_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`token_id` text NOT NULL,
	`change` text NOT NULL,
	`kind` text NOT NULL,
	`label` text,
	`member_id` text NOT NULL,
	`member_name` text,
	`changed_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `console_key_changes_organization_idx` ON `console_key_changes` (`organization_id`,`id`);--> statement-breakpoint
ALTER TABLE `notification_settings` ADD `revision` integer DEFAULT 1 NOT NULL;