CREATE TABLE `certification_reminders` (
	`mentor_id` text NOT NULL,
	`certification_expiry_date` text NOT NULL,
	`threshold_days` integer NOT NULL,
	PRIMARY KEY(`mentor_id`, `certification_expiry_date`, `threshold_days`),
	FOREIGN KEY (`mentor_id`) REFERENCES `peer_mentors`(`mentor_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` integer PRIMARY KEY NOT NULL,
	`webhook_id` text NOT NULL,
	`event_id` text NOT NULL,
	`event_type` text NOT NULL,
	`attempt` integer NOT NULL,
	`outcome` text NOT NULL,
	`response_status` integer,
	`error` text,
	`attempted_at` text NOT NULL,
	FOREIGN KEY (`webhook_id`) REFERENCES `webhook_endpoints`(`webhook_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `webhook_events`(`event_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_webhook_idx` ON `webhook_deliveries` (`webhook_id`,`id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_event_idx` ON `webhook_deliveries` (`event_id`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`webhook_id` text PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`secret` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_endpoints_organization_idx` ON `webhook_endpoints` (`organization_id`);--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	`mentor_id` text NOT NULL,
	`type` text NOT NULL,
	`data` text NOT NULL,
	`created_at` text NOT NULL,
	`enqueued_at` text,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mentor_id`) REFERENCES `peer_mentors`(`mentor_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_events_mentor_idx` ON `webhook_events` (`mentor_id`);--> statement-breakpoint
CREATE INDEX `webhook_events_unqueued_idx` ON `webhook_events` (`enqueued_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `peer_mentors_expiry_idx` ON `peer_mentors` (`certification_expiry_date`);