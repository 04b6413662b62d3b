-- +goose Up
-- Referral codes: each contact may have one code (lower case, from an
-- alphabet without look-alike characters, not guessable), the link a
-- customer passes on; unique across all accounts. The contact is a link
-- without a foreign key, as in advocacy_acts.
CREATE TABLE referral_codes (
    code        TEXT NOT NULL UNIQUE,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL UNIQUE,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (code, account_id)
);

-- The referral of an account that came through a code: which code (of
-- which account and contact), on which day, and how it came in (import,
-- api, link). One per referred account; accounts.referred_by_id says the
-- same referrer.
CREATE TABLE referral_uses (
    account_id  INTEGER NOT NULL PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    referrer_id INTEGER NOT NULL,
    contact_id  INTEGER NOT NULL,
    referred_on TEXT NOT NULL,
    via         TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

-- +goose Down
DROP TABLE referral_uses;
DROP TABLE referral_codes;
