package io.flowplane.core.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A PostgreSQL location as users write it in FLOWPLANE_DATABASE_URL: the libpq URI form
 * {@code postgresql://user:pass@host:5432/db?sslmode=require}, or a JDBC URL.
 */
public final class DatabaseUrl {
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String host;
    private final int port;
    private final String database;

    private DatabaseUrl(String jdbcUrl, String user, String password, String host, int port, String database) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.host = host;
        this.port = port;
        this.database = database;
    }

    public static DatabaseUrl parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("database URL is empty; set FLOWPLANE_DATABASE_URL");
        }
        String text = raw.trim();
        String uriText;
        if (text.startsWith("jdbc:postgresql://")) {
            uriText = "postgresql://" + text.substring("jdbc:postgresql://".length());
        } else if (text.startsWith("postgresql://") || text.startsWith("postgres://")) {
            uriText = text;
        } else {
            throw new IllegalArgumentException(
                    "database URL must start with postgresql:// (or jdbc:postgresql://), got '" + redact(text) + "'");
        }
        URI uri;
        try {
            uri = new URI(uriText);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("database URL is not a valid URI: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("database URL has no host: '" + redact(text) + "'");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isEmpty()) {
            throw new IllegalArgumentException("database URL names no database: '" + redact(text) + "'");
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String query = uri.getRawQuery();
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost()).append(':').append(port)
                .append('/').append(database);
        if (query != null && !query.isEmpty()) {
            StringBuilder kept = new StringBuilder();
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                String key = decode(kv[0]);
                String value = kv.length > 1 ? decode(kv[1]) : "";
                if (key.equals("user") && user == null) {
                    user = value;
                } else if (key.equals("password") && password == null) {
                    password = value;
                } else {
                    kept.append(kept.length() == 0 ? "" : "&").append(pair);
                }
            }
            if (kept.length() > 0) {
                jdbc.append('?').append(kept);
            }
        }
        return new DatabaseUrl(jdbc.toString(), user, password, uri.getHost(), port, database);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL with any password replaced, safe for logs and API answers. */
    public static String redact(String raw) {
        // The user may be empty (postgresql://:password@host): the password is still there.
        return raw == null ? null : raw.replaceAll("(://[^:/@]*:)[^@]*@", "$1****@")
                .replaceAll("(?i)(password=)[^&]*", "$1****");
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    /** host:port/database, without credentials. */
    public String describe() {
        return host + ":" + port + "/" + database;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseUrl other && jdbcUrl.equals(other.jdbcUrl) && Objects.equals(user, other.user)
                && Objects.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jdbcUrl, user, password);
    }

    @Override
    public String toString() {
        return describe();
    }
}
