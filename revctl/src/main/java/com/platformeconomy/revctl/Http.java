package com.platformeconomy.revctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP exchange with {@link HttpURLConnection}: it loads far fewer classes than
 * {@code java.net.http.HttpClient} (start time is most of a CLI's run) and needs no extra
 * native-image configuration beyond {@code --enable-http}.
 */
final class Http {

    /** What came back; {@code status} is the HTTP status. */
    record Response(int status, String body, long millis) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The server could not be reached at all (refused, timed out, unknown host, not HTTP). */
    static final class Unreachable extends Exception {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Http() {
    }

    static Response get(String url, String bearer, Duration timeout) throws Unreachable {
        return exchange("GET", url, bearer, null, timeout);
    }

    static Response post(String url, String bearer, String json, Duration timeout) throws Unreachable {
        return exchange("POST", url, bearer, json, timeout);
    }

    static Response exchange(String method, String url, String bearer, String json, Duration timeout) throws Unreachable {
        long started = System.nanoTime();
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) new URL(url).openConnection();
            connection.setRequestMethod(method);
            connection.setConnectTimeout((int) Math.max(1, timeout.toMillis()));
            connection.setReadTimeout((int) Math.max(1, timeout.toMillis()));
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json");
            if (bearer != null && !bearer.isBlank()) {
                connection.setRequestProperty("Authorization", "Bearer " + bearer.trim());
            }
            if (json != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(json.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = "";
            if (stream != null) {
                try (InputStream in = stream) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Response(status, body, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | IllegalArgumentException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new Unreachable(reason, e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
