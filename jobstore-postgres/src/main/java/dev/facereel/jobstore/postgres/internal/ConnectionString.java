package dev.facereel.jobstore.postgres.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code postgres://user[:password]@host[:port]/database[?name=value&…]} connection string (also
 * {@code postgresql://}), as libpq and psql accept it. User and password may be percent-encoded; the port defaults
 * to 5432. The parameter {@code schema} picks the schema FaceReel's tables live in (default {@code facereel});
 * every other parameter goes to the JDBC driver unchanged (e.g. {@code sslmode=require}).
 */
public record ConnectionString(String host, int port, String database, String user, String password, String schema,
                               Map<String, String> driverParams) {
    public static final String DEFAULT_SCHEMA = "facereel";
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String EXPECTED = "expected postgres://user[:password]@host[:port]/database";

    public ConnectionString {
        driverParams = Map.copyOf(driverParams);
        requireSchemaName(schema);
    }

    /**
     * Checks that a schema name is a plain lower-case SQL name, safe to write into SQL unquoted.
     *
     * @throws IllegalArgumentException naming it otherwise
     */
    public static String requireSchemaName(String schema) {
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema '" + schema + "' is not a plain lower-case SQL name "
                    + "([a-z_][a-z0-9_]*, at most 63 characters)");
        }
        return schema;
    }

    /**
     * Parses a connection string.
     *
     * @throws IllegalArgumentException naming the string (password hidden) and what was expected
     */
    public static ConnectionString parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + hide(url) + "' is not a connection string: " + e.getReason() + "; "
                    + EXPECTED);
        }
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
            throw new IllegalArgumentException("'" + hide(url) + "' does not start with postgres://; " + EXPECTED);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + hide(url) + "' names no host; " + EXPECTED);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException("'" + hide(url) + "' names no database; " + EXPECTED);
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("'" + hide(url) + "' has a parameter without a value: '" + pair
                            + "'; expected name=value");
                }
                params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        String schema = params.containsKey("schema") ? params.remove("schema") : DEFAULT_SCHEMA;
        return new ConnectionString(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database,
                user == null || user.isEmpty() ? null : user, password, schema, params);
    }

    /** The same connection with another schema. */
    public ConnectionString withSchema(String other) {
        return new ConnectionString(host, port, database, user, password, other, driverParams);
    }

    /** The same connection with another password. */
    public ConnectionString withPassword(String other) {
        return new ConnectionString(host, port, database, user, other, schema, driverParams);
    }

    /** The JDBC URL: host, port, database and the driver parameters; user and password travel apart. */
    public String jdbcUrl() {
        StringBuilder sb = new StringBuilder("jdbc:postgresql://").append(host.contains(":") ? "[" + host + "]" : host)
                .append(':').append(port).append('/').append(encode(database));
        char sep = '?';
        for (Map.Entry<String, String> p : driverParams.entrySet()) {
            sb.append(sep).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
            sep = '&';
        }
        return sb.toString();
    }

    /** For messages and logs: {@code postgres://user@host:port/database}, never the password. */
    public String redacted() {
        return "postgres://" + (user == null ? "" : user + "@") + host + ":" + port + "/" + database
                + (DEFAULT_SCHEMA.equals(schema) ? "" : "?schema=" + schema);
    }

    @Override
    public String toString() {
        return redacted();
    }

    private static String hide(String url) {
        return url.replaceAll("(://[^:/@]*):[^@/]*@", "$1:***@");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
