-- Data, not schema: members imported before 0003 get is_peer_supporter from their roles.
UPDATE `organization_members` SET `is_peer_supporter` = EXISTS (
	SELECT 1 FROM `organization_member_roles`
	WHERE `organization_member_roles`.`organization_member_id` = `organization_members`.`id`
		AND `organization_member_roles`.`role` = 'peer_supporter'
);
