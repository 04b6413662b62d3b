-- +goose Up
-- API tokens may expire (Unix seconds; NULL: never). Disabling a user now
-- revokes their tokens for good; tokens of users disabled before this
-- release are revoked here, so that enabling them again revives none.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
UPDATE api_tokens SET revoked_at = EXTRACT(EPOCH FROM now())::BIGINT
WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM users WHERE disabled <> 0);

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN expires_at;
