-- The audit chain becomes keyed (auth/audit.c): rows written with the key outside the database
-- are chained by HMAC-SHA-256 instead of SHA-256. Rows chained before keep 'sha256'; the first
-- keyed row (action 'audit_keyed') marks the switch, and no 'sha256' row may follow it.
-- (PostgreSQL dialect of sqlite/009_audit_keyed.sql. Adding a column with a constant default
-- rewrites no row, so the append-only triggers are not fired, as in SQLite.)
ALTER TABLE audit ADD COLUMN alg TEXT COLLATE "C" NOT NULL DEFAULT 'sha256'
    CHECK (alg IN ('sha256', 'hmac-sha256'));
