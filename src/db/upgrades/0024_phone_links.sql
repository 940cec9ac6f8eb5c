-- Version 23 -> 24: a deliveryman's phone link (issue #14 item 5): the page of his runs of the
-- day opens on his phone without an account, through a secret link the gérante makes and can
-- replace or withdraw. Only the secret's SHA-256 is kept (shown once, like an API token).
ALTER TABLE deliverymen ADD COLUMN phone_key_hash TEXT;
CREATE UNIQUE INDEX deliverymen_phone_key ON deliverymen(phone_key_hash) WHERE phone_key_hash IS NOT NULL;
