-- A logout deletes the session, as the monolith does, instead of marking it revoked: the reverse
-- stream of the write cutover carries a delete into the monolith's user_sessions as it is, while a
-- flag only this schema had would reach the monolith as nothing it checks.
DELETE FROM sessions WHERE revoked_at IS NOT NULL;
ALTER TABLE sessions DROP COLUMN revoked_at;
