-- Which rows each revision changed, so a control plane that serves revision N reads only what
-- changed after N instead of the whole fleet. The log keeps the last 10,000 revisions;
-- config_revision.changes_kept_after says from where it is complete, and a reader further
-- behind than that loads everything.
CREATE TABLE config_changes (
    revision bigint NOT NULL,
    kind     text   NOT NULL,
    id       text   NOT NULL
);
CREATE INDEX config_changes_by_revision ON config_changes (revision);

ALTER TABLE config_revision ADD COLUMN changes_kept_after bigint NOT NULL DEFAULT 0;
UPDATE config_revision SET changes_kept_after = revision;

-- Row triggers fire before the statement trigger that bumps the revision, so a change belongs to
-- the revision after the current one. Locking the revision row here, not only in the bump, makes a
-- concurrent writer wait and then see the committed revision, so logged revisions follow commit order.
CREATE FUNCTION record_config_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    current_revision bigint;
    changed_id text;
BEGIN
    SELECT revision INTO current_revision FROM config_revision WHERE id = 1 FOR UPDATE;
    IF TG_OP = 'DELETE' THEN
        changed_id := OLD.id;
    ELSE
        changed_id := NEW.id;
    END IF;
    INSERT INTO config_changes (revision, kind, id) VALUES (current_revision + 1, TG_TABLE_NAME, changed_id);
    RETURN NULL;
END;
$$;

-- clock_timestamp(), not now(): now() is when the transaction began, and the commit-to-ACK
-- latency is measured from here.
CREATE OR REPLACE FUNCTION bump_config_revision() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    new_revision bigint;
BEGIN
    UPDATE config_revision SET revision = revision + 1, updated_at = clock_timestamp() WHERE id = 1
        RETURNING revision INTO new_revision;
    IF new_revision % 1000 = 0 THEN
        DELETE FROM config_changes WHERE revision <= new_revision - 10000;
        UPDATE config_revision SET changes_kept_after = GREATEST(changes_kept_after, new_revision - 10000)
            WHERE id = 1;
    END IF;
    PERFORM pg_notify('flowplane_config', new_revision::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER dataplanes_record_change AFTER INSERT OR UPDATE OR DELETE ON dataplanes
    FOR EACH ROW EXECUTE FUNCTION record_config_change();
CREATE TRIGGER clusters_record_change AFTER INSERT OR UPDATE OR DELETE ON clusters
    FOR EACH ROW EXECUTE FUNCTION record_config_change();
CREATE TRIGGER route_configs_record_change AFTER INSERT OR UPDATE OR DELETE ON route_configs
    FOR EACH ROW EXECUTE FUNCTION record_config_change();
CREATE TRIGGER listeners_record_change AFTER INSERT OR UPDATE OR DELETE ON listeners
    FOR EACH ROW EXECUTE FUNCTION record_config_change();
