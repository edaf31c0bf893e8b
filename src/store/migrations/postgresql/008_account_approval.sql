-- Accounts under the two-person rule (accounts.c): an account other than admin that is created,
-- given a new role or given a new password through the API waits for a director's approval
-- ('pending') and cannot log in until then. The command line (tsunagu user add) creates active
-- accounts; every account that exists already is active.
-- (PostgreSQL dialect of sqlite/008_account_approval.sql.)
ALTER TABLE users ADD COLUMN status TEXT COLLATE "C" NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'pending'));
-- Why it waits: 'created', 'role_changed' or 'password_reset'; NULL when active.
ALTER TABLE users ADD COLUMN pending_reason TEXT COLLATE "C";
-- The director who approved the account as it is now (NULL: never approved, or by the command line).
ALTER TABLE users ADD COLUMN approved_by TEXT COLLATE "C" REFERENCES users(id);
ALTER TABLE users ADD COLUMN approved_at BIGINT;
CREATE INDEX users_status_login ON users(status, login);
