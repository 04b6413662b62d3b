-- +goose Up
-- Referral codes: each contact may have one code (lower case, from an
-- alphabet without look-alike characters, not guessable), the link a
-- customer passes on. Unique across all accounts: the store keeps it so
-- (random codes, checked under a key lock); the key includes account_id
-- for Citus. The contact is a link without a foreign key, as in
-- advocacy_acts.
CREATE TABLE referral_codes (
    code        TEXT NOT NULL,
    account_id  BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    contact_id  BIGINT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (code, account_id)
);
CREATE UNIQUE INDEX referral_codes_contact ON referral_codes(contact_id, account_id);

-- The referral of an account that came through a code: which code (of
-- which account and contact), on which day, and how it came in (import,
-- api, link). One per referred account; accounts.referred_by_id says the
-- same referrer. The referrer lives on another shard: no foreign key.
CREATE TABLE referral_uses (
    account_id  BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    referrer_id BIGINT NOT NULL,
    contact_id  BIGINT NOT NULL,
    referred_on DATE NOT NULL,
    via         TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (account_id)
);

-- +goose Down
DROP TABLE referral_uses;
DROP TABLE referral_codes;
