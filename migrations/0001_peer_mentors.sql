CREATE TABLE `peer_mentor_status_changes` (
	`id` integer PRIMARY KEY NOT NULL,
	`mentor_id` text NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`reason` text,
	`source` text NOT NULL,
	`changed_at` text NOT NULL,
	FOREIGN KEY (`mentor_id`) REFERENCES `peer_mentors`(`mentor_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `peer_mentor_status_changes_mentor_idx` ON `peer_mentor_status_changes` (`mentor_id`,`id`);--> statement-breakpoint
CREATE TABLE `peer_mentors` (
	`mentor_id` text PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	`full_name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text,
	`is_hlf` integer DEFAULT false NOT NULL,
	`is_paused` integer DEFAULT false NOT NULL,
	`is_manually_expired` integer DEFAULT false NOT NULL,
	`certification_expiry_date` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`full_name_search` text NOT NULL,
	`email_search` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `peer_mentors_organization_email_uq` ON `peer_mentors` (`organization_id`,`email`);--> statement-breakpoint
CREATE INDEX `peer_mentors_organization_created_idx` ON `peer_mentors` (`organization_id`,`created_at`,`mentor_id`);--> statement-breakpoint
CREATE INDEX `peer_mentors_organization_status_idx` ON `peer_mentors` (`organization_id`,`status`);