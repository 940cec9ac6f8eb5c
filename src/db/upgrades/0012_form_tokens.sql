-- One-time form tokens bound to the request and the person that first used them (issue #12 B5):
-- the same token with other content, or from another user, is refused instead of answered.
CREATE TABLE form_tokens (
    kind        TEXT NOT NULL,                     -- the operation: stock_document, refund, purchase, ...
    token       TEXT NOT NULL,
    user_id     INTEGER REFERENCES users(id),      -- NULL: the command line
    fingerprint TEXT NOT NULL,                     -- digest of the parsed request
    at          TEXT NOT NULL,
    PRIMARY KEY (kind, token)
) STRICT, WITHOUT ROWID;
