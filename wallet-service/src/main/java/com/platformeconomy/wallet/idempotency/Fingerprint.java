package com.platformeconomy.wallet.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What an idempotency record remembers of the request that first used an id: one 8-hex-digit
 * hash (the first 32 bits of SHA-256) per field, joined by dots. Any character a caller sends (a
 * newline, a {@code |}, unicode) only ever reaches Redis hashed, and a conflict can name the fields
 * that differ. A differing request passes for a replay only if every differing field collides, a
 * chance of at most 2^-32, and then it is answered the first outcome and moves nothing.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    /** The fingerprint of a request's fields, in a fixed order per kind of request. */
    public static String of(String... fields) {
        StringBuilder out = new StringBuilder(fields.length * 9);
        MessageDigest sha = sha256();
        for (String field : fields) {
            if (out.length() > 0) {
                out.append('.');
            }
            byte[] digest = sha.digest((field == null ? "\u0000null" : field).getBytes(StandardCharsets.UTF_8));
            out.append(HexFormat.of().formatHex(digest, 0, 4));
        }
        return out.toString();
    }

    /**
     * The names of the fields in which {@code stored} and {@code current} differ; {@code names} in
     * the order the fields were given to {@link #of}, the first {@code accountFields} of them naming
     * whose movement it is. All of them if the stored one has another shape. When the id was used
     * for another account's movement, only those account fields are named: a caller who sends
     * someone else's id must not learn, one guess at a time, what that movement was (its amount, its
     * app, its payee).
     */
    public static List<String> differing(String stored, String current, int accountFields, String... names) {
        String[] a = stored == null ? new String[0] : stored.split("\\.");
        String[] b = current.split("\\.");
        if (a.length != b.length || b.length != names.length) {
            return List.of(names);
        }
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < accountFields; i++) {
            if (!a[i].equals(b[i])) {
                differ.add(names[i]);
            }
        }
        if (!differ.isEmpty()) {
            return differ; // another account's movement: nothing more of it
        }
        for (int i = accountFields; i < names.length; i++) {
            if (!a[i].equals(b[i])) {
                differ.add(names[i]);
            }
        }
        return differ.isEmpty() ? List.of(names) : differ;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
