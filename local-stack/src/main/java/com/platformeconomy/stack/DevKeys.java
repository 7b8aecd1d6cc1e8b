package com.platformeconomy.stack;

import com.platformeconomy.contracts.identity.JwtSigner;
import com.platformeconomy.contracts.identity.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * The local development keys, made when a stack starts and never committed (SPEC §10):
 * <ul>
 *   <li>the end-user issuer's pair: {@code privateKey.pem} signs users' and admins' tokens
 *       ({@code ./suite token}, {@code TestTokens}), {@code jwks.json} publishes its public half,
 *       and the services verify user tokens with that JWKS ({@code publicKey.pem} is the same key
 *       as PEM);</li>
 *   <li>one pair per service: {@code services/private/<service>.pem} signs what that service
 *       presents to the others, {@code services/public/<service>.pem} is how they verify it.</li>
 * </ul>
 */
public final class DevKeys {

    public static final String PUBLIC_KEY = "publicKey.pem";
    public static final String PRIVATE_KEY = "privateKey.pem";
    public static final String JWKS = "jwks.json";
    public static final String SERVICE_PUBLIC_KEYS = "services/public";
    public static final String SERVICE_PRIVATE_KEYS = "services/private";

    private DevKeys() {
    }

    /** Writes fresh RSA-2048 pairs into {@code dir}; private keys are readable by their owner only. */
    public static void generate(Path dir) throws IOException {
        Files.createDirectories(dir);
        KeyPair users = pair();
        Files.writeString(dir.resolve(PUBLIC_KEY), pem("PUBLIC KEY", users.getPublic().getEncoded()));
        Files.writeString(dir.resolve(JWKS), JwtSigner.jwks((RSAPublicKey) users.getPublic()));
        writePrivate(dir.resolve(PRIVATE_KEY), users);
        Files.createDirectories(dir.resolve(SERVICE_PUBLIC_KEYS));
        Files.createDirectories(dir.resolve(SERVICE_PRIVATE_KEYS));
        for (String service : Services.ALL) {
            KeyPair pair = pair();
            Files.writeString(dir.resolve(SERVICE_PUBLIC_KEYS).resolve(service + ".pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            writePrivate(dir.resolve(SERVICE_PRIVATE_KEYS).resolve(service + ".pem"), pair);
        }
    }

    private static KeyPair pair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writePrivate(Path file, KeyPair pair) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
