CREATE TABLE `import_chunks` (
	`import_id` text NOT NULL,
	`collection` text NOT NULL,
	`chunk` integer NOT NULL,
	`rows` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`import_id`, `collection`, `chunk`)
);
--> statement-breakpoint
CREATE INDEX `import_chunks_created_idx` ON `import_chunks` (`created_at`);--> statement-breakpoint
CREATE INDEX `organization_members_user_idx` ON `organization_members` (`user_id`);--> statement-breakpoint
CREATE INDEX `peer_supporters_organization_idx` ON `peer_supporters` (`organization_id`);--> statement-breakpoint
CREATE INDEX `webhook_events_organization_idx` ON `webhook_events` (`organization_id`);