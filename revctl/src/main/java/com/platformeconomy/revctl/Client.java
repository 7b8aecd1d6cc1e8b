package com.platformeconomy.revctl;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** What every thin client command does: one call, its answer printed, its outcome as the exit code. */
final class Client {

    private Client() {
    }

    static int call(CommandSpec spec, Endpoints endpoints, Service service, String method, String path, String body,
                    boolean json, Duration timeout) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String url = endpoints.url(service) + path;
        Http.Response response;
        try {
            response = Http.exchange(method, url, endpoints.token(), body, timeout);
        } catch (Http.Unreachable e) {
            err.println("revctl: " + service.fullName + " is unreachable at " + url + ": " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        }
        Object parsed;
        try {
            parsed = response.body().isBlank() ? null : Json.parse(response.body());
        } catch (IllegalArgumentException e) {
            parsed = response.body();
        }
        if (!response.ok()) {
            err.println("revctl: " + method + " " + url + " answered HTTP " + response.status());
            if (parsed != null) {
                err.println(parsed instanceof String ? parsed : Json.pretty(parsed));
            }
            if (response.status() == 401) {
                err.println("revctl: pass a bearer token with --token or REVCTL_TOKEN (a local one: revctl token SUBJECT ROLE…)");
            }
            return ExitCodes.HTTP_ERROR;
        }
        if (json || !(parsed instanceof Map)) {
            out.println(parsed == null ? "" : parsed instanceof String ? parsed : Json.pretty(parsed));
        } else {
            flatten("", parsed, out);
        }
        return ExitCodes.OK;
    }

    /** {@code revenue.api_revenue   225}: one line per value, for people and grep. */
    private static void flatten(String prefix, Object value, PrintWriter out) {
        if (value instanceof Map) {
            for (Map.Entry<String, Object> entry : Json.object(value).entrySet()) {
                flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), out);
            }
        } else if (value instanceof List && !((List<?>) value).isEmpty()) {
            List<Object> list = Json.array(value);
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), out);
            }
        } else {
            String text = value == null ? "null" : value instanceof BigDecimal ? ((BigDecimal) value).toPlainString()
                    : value instanceof List ? "[]" : value.toString();
            out.printf("%-40s %s%n", prefix, text);
        }
    }

    /** A path segment, percent-encoded except for the characters account ids use ({@code user:alice}). */
    static String segment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:@".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
