-- Version 24 -> 25: the shop's e-mail (src/mail). The SMTP settings (one row; the password is
-- kept as typed, since it must be given to the server to log in: never shown back, never
-- logged), and the outbox: each message queued by an operation in its own transaction, sent by
-- the server's background sender after commit, retried with a growing delay, then given up.
CREATE TABLE mail_settings (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    host         TEXT NOT NULL DEFAULT '',          -- empty: e-mail not configured
    port         INTEGER NOT NULL DEFAULT 587 CHECK (port BETWEEN 1 AND 65535),
    security     TEXT NOT NULL DEFAULT 'starttls' CHECK (security IN ('starttls', 'tls', 'aucune')),
    username     TEXT NOT NULL DEFAULT '',
    password     TEXT NOT NULL DEFAULT '',
    sender       TEXT NOT NULL DEFAULT '',          -- the From address
    owner_to     TEXT NOT NULL DEFAULT '',          -- the owner's addresses, comma-separated
    summary_hour INTEGER NOT NULL DEFAULT 7 CHECK (summary_hour BETWEEN 0 AND 23),
    updated_at   TEXT NOT NULL
) STRICT;
INSERT INTO mail_settings (id, updated_at) VALUES (1, '1970-01-01T00:00:00Z');

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    topic           TEXT UNIQUE,                    -- once-only key (the summary of a day), or NULL
    recipients      TEXT NOT NULL,                  -- comma-separated addresses
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT,
    attachment      BLOB,
    attachment_name TEXT,
    attachment_mime TEXT,
    status          TEXT NOT NULL DEFAULT 'attente' CHECK (status IN ('attente', 'envoye', 'echec')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TEXT NOT NULL,                  -- UTC stamp
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    CHECK ((attachment IS NULL) = (attachment_name IS NULL) AND (attachment IS NULL) = (attachment_mime IS NULL))
) STRICT;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
