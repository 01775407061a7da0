-- Per-dataplane xDS credentials, kept as SHA-256 hashes in the dataplane's own row: a rotation or a
-- revocation then reaches every control plane through the change log like any other change to the
-- dataplane, and a deleted dataplane takes its credentials with it.
-- Each element: {"id", "sha256", "created_at", "expires_at" (null: until rotated or revoked)}.
ALTER TABLE dataplanes ADD COLUMN credentials jsonb NOT NULL DEFAULT '[]';
