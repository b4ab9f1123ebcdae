CREATE TABLE `emails` (
	`email_id` text PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	`kind` text NOT NULL,
	`mentor_id` text,
	`recipients` text NOT NULL,
	`language` text NOT NULL,
	`subject` text NOT NULL,
	`data` text,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`message_id` text,
	`error` text,
	`created_at` text NOT NULL,
	`enqueued_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `emails_organization_idx` ON `emails` (`organization_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `emails_mentor_idx` ON `emails` (`mentor_id`);--> statement-breakpoint
CREATE INDEX `emails_unqueued_idx` ON `emails` (`enqueued_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `notification_settings` (
	`organization_id` integer PRIMARY KEY NOT NULL,
	`coordinator_emails` text NOT NULL,
	`mentor_reminders` integer NOT NULL,
	`reminder_days` text NOT NULL,
	`language` text NOT NULL,
	`weekly_digest` integer NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `weekly_digests` (
	`organization_id` integer NOT NULL,
	`iso_week` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`organization_id`, `iso_week`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
