package dev.facereel.examples.web;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who may call the API. With an access token (required on any address but loopback) every call must carry it, as
 * the cookie the login page sets or as {@code Authorization: Bearer}; otherwise 401. Every state-changing request
 * must come from the page's own origin ({@code Origin}, else {@code Referer}; a foreign one is 403) and carry the
 * server's CSRF token in {@code X-CSRF-Token} (403 without it). Thread-safe and immutable.
 */
final class Access {
    static final String COOKIE = "facereel_token";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private final String csrf;

    /** @param token the access token to require, or null for none */
    Access(String token) {
        this.token = token;
        this.csrf = random();
    }

    /** A new random token: 32 hexadecimal digits. */
    static String random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    boolean required() {
        return token != null;
    }

    String csrfToken() {
        return csrf;
    }

    /** Refuses a call without the access token (401). */
    void requireToken(HttpExchange ex) {
        if (token == null) {
            return;
        }
        String given = null;
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = auth.substring(7).strip();
        }
        if (given == null) {
            given = cookie(ex, COOKIE);
        }
        if (given == null || !matches(given)) {
            throw new ApiException(401, "this workspace needs its access token: log in at /login.html",
                    Map.of("login", "/login.html"));
        }
    }

    /** Whether {@code given} is the access token (compared in constant time). */
    boolean matches(String given) {
        return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    /** Refuses a state-changing request from another origin, or without the CSRF token (403). */
    void requireSameOrigin(HttpExchange ex, boolean needCsrf) {
        String host = ex.getRequestHeaders().getFirst("Host");
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin == null) {
            String referer = ex.getRequestHeaders().getFirst("Referer");
            origin = referer == null ? null : originOf(referer);
        }
        if (origin != null && (host == null || !origin.toLowerCase(Locale.ROOT)
                .equals("http://" + host.toLowerCase(Locale.ROOT)))) {
            throw new ApiException(403, "request from a foreign origin (" + origin + ") refused");
        }
        if (needCsrf) {
            String given = ex.getRequestHeaders().getFirst(CSRF_HEADER);
            if (given == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    given.getBytes(StandardCharsets.UTF_8))) {
                throw new ApiException(403, "missing or wrong " + CSRF_HEADER + " header: reload the page");
            }
        }
    }

    /** The cookie that logs a browser in. */
    String loginCookie() {
        return COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
    }

    private static String originOf(String url) {
        try {
            URI u = URI.create(url);
            if (u.getScheme() == null || u.getHost() == null) {
                return "null";
            }
            return u.getScheme() + "://" + u.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return "null";
        }
    }

    static String cookie(HttpExchange ex, String name) {
        List<String> headers = ex.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return null;
        }
        for (String header : headers) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(name + "=")) {
                    return p.substring(name.length() + 1);
                }
            }
        }
        return null;
    }
}
