-- Who changed what and when. Written in the same transaction as the change it records.
-- Not a configuration table: it has no revision trigger.
CREATE TABLE audit_log (
    id            bigserial PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT now(),
    token_id      text        NOT NULL,
    token_name    text        NOT NULL,
    action        text        NOT NULL,
    resource_type text        NOT NULL,
    resource_id   text        NOT NULL,
    resource_name text,
    team          text,
    detail        jsonb
);
CREATE INDEX audit_log_team ON audit_log (team, id);
CREATE INDEX audit_log_resource ON audit_log (resource_type, resource_id, id);
