CREATE TABLE `id_allocations` (
	`table_name` text PRIMARY KEY NOT NULL,
	`last_id` integer NOT NULL
);
