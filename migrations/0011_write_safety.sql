CREATE TABLE `idempotency_keys` (
	`organization_id` integer NOT NULL,
	`key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`claim` text NOT NULL,
	`response_status` integer,
	`response_headers` text,
	`response_body` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`organization_id`, `key`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_created_idx` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
ALTER TABLE `organization_members` ADD `revision` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `peer_mentors` ADD `revision` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Added by hand: a delivery recorded twice before this index (a retried insert)
-- would stop it from being created; the first record of each attempt stays.
DELETE FROM `webhook_deliveries` WHERE `id` NOT IN (SELECT min(`id`) FROM `webhook_deliveries`
  GROUP BY `webhook_id`, `event_id`, `attempt`, `outcome`);--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_deliveries_attempt_uq` ON `webhook_deliveries` (`webhook_id`,`event_id`,`attempt`,`outcome`);