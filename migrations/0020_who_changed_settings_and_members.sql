ALTER TABLE `organization_members` ADD `updated_by` text;--> statement-breakpoint
ALTER TABLE `public_roster_settings` ADD `updated_by` text;--> statement-breakpoint
ALTER TABLE `notification_settings` ADD `updated_by` text;