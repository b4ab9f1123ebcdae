CREATE TABLE `organization_member_roles` (
	`organization_member_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`organization_member_id`, `role`),
	FOREIGN KEY (`organization_member_id`) REFERENCES `organization_members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `organization_members` (
	`id` integer PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`bio` text,
	`motivation` text,
	`recovery_status` text,
	`status` text NOT NULL,
	`rating` real DEFAULT 0 NOT NULL,
	`feedback_count` integer DEFAULT 0 NOT NULL,
	`bio_search` text NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `organization_members_organization_id_idx` ON `organization_members` (`organization_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `organization_members_organization_user_uq` ON `organization_members` (`organization_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `organizations` (
	`id` integer PRIMARY KEY NOT NULL,
	`public_id` text NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organizations_public_id_unique` ON `organizations` (`public_id`);--> statement-breakpoint
CREATE TABLE `peer_supporters` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`organization_id` integer,
	`status` text NOT NULL,
	`rating` real DEFAULT 0 NOT NULL,
	`ratings_count` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `peer_supporters_active_platform_user_uq` ON `peer_supporters` (`user_id`) WHERE "peer_supporters"."organization_id" IS NULL AND "peer_supporters"."status" = 'active';--> statement-breakpoint
CREATE INDEX `peer_supporters_user_id_idx` ON `peer_supporters` (`user_id`);--> statement-breakpoint
CREATE TABLE `preferences` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`peer_support_interests` text DEFAULT '[]' NOT NULL,
	`availability` integer DEFAULT false NOT NULL,
	`greetings` text,
	`motivation` text,
	`recovery_status` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text,
	`time_zone` text NOT NULL,
	`about` text,
	`avatar` text,
	`first_name_search` text NOT NULL,
	`last_name_search` text NOT NULL
);
