CREATE TABLE `search_positions` (
	`n` integer PRIMARY KEY NOT NULL
);
