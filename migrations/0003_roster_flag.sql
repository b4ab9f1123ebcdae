DROP INDEX `organization_members_organization_id_idx`;--> statement-breakpoint
ALTER TABLE `organization_members` ADD `is_peer_supporter` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `organization_members_roster_idx` ON `organization_members` (`organization_id`,`is_peer_supporter`);