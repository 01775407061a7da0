-- One row holding the configuration revision. Every committed configuration change bumps it
-- in the same transaction (see bump_config_revision), so xDS versions and failover checks can
-- rely on it, including on a streaming replica where NOTIFY is not delivered.
CREATE TABLE config_revision (
    id         smallint PRIMARY KEY CHECK (id = 1),
    revision   bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO config_revision (id, revision) VALUES (1, 0);

CREATE FUNCTION bump_config_revision() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    new_revision bigint;
BEGIN
    UPDATE config_revision SET revision = revision + 1, updated_at = now() WHERE id = 1
        RETURNING revision INTO new_revision;
    PERFORM pg_notify('flowplane_config', new_revision::text);
    RETURN NULL;
END;
$$;

CREATE TABLE teams (
    name        text PRIMARY KEY,
    id          text        NOT NULL UNIQUE,
    description text,
    version     bigint      NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
    id           text PRIMARY KEY,
    name         text        NOT NULL,
    token_hash   text        NOT NULL UNIQUE,
    scopes       text[]      NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);

CREATE TABLE dataplanes (
    id            text PRIMARY KEY,
    team          text        NOT NULL REFERENCES teams (name),
    name          text        NOT NULL,
    gateway_host  text,
    description   text,
    node_clusters text[]      NOT NULL DEFAULT '{}',
    version       bigint      NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team, name)
);

CREATE TABLE clusters (
    id                 text PRIMARY KEY,
    team               text        NOT NULL REFERENCES teams (name),
    name               text        NOT NULL,
    endpoints          jsonb       NOT NULL,
    connect_timeout_ms integer     NOT NULL,
    version            bigint      NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team, name)
);

CREATE TABLE route_configs (
    id            text PRIMARY KEY,
    team          text        NOT NULL REFERENCES teams (name),
    name          text        NOT NULL,
    virtual_hosts jsonb       NOT NULL,
    version       bigint      NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team, name)
);

CREATE TABLE listeners (
    id           text PRIMARY KEY,
    team         text        NOT NULL REFERENCES teams (name),
    name         text        NOT NULL,
    address      text        NOT NULL,
    port         integer     NOT NULL CHECK (port BETWEEN 1 AND 65535),
    dataplane_id text        NOT NULL REFERENCES dataplanes (id),
    route_config text        NOT NULL,
    version      bigint      NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team, name)
);
-- A port is unique per dataplane, not globally: every region may listen on 10000.
CREATE UNIQUE INDEX listeners_port_per_dataplane ON listeners (dataplane_id, address, port);

CREATE TRIGGER teams_bump_revision AFTER INSERT OR UPDATE OR DELETE ON teams
    FOR EACH STATEMENT EXECUTE FUNCTION bump_config_revision();
CREATE TRIGGER dataplanes_bump_revision AFTER INSERT OR UPDATE OR DELETE ON dataplanes
    FOR EACH STATEMENT EXECUTE FUNCTION bump_config_revision();
CREATE TRIGGER clusters_bump_revision AFTER INSERT OR UPDATE OR DELETE ON clusters
    FOR EACH STATEMENT EXECUTE FUNCTION bump_config_revision();
CREATE TRIGGER route_configs_bump_revision AFTER INSERT OR UPDATE OR DELETE ON route_configs
    FOR EACH STATEMENT EXECUTE FUNCTION bump_config_revision();
CREATE TRIGGER listeners_bump_revision AFTER INSERT OR UPDATE OR DELETE ON listeners
    FOR EACH STATEMENT EXECUTE FUNCTION bump_config_revision();
