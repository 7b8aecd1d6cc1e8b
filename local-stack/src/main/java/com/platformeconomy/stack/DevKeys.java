package com.platformeconomy.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * The local development key pair, made when a stack starts and never committed: the services
 * verify bearer tokens with the public key, {@code JwtSigner} signs them with the private one.
 */
public final class DevKeys {

    public static final String PUBLIC_KEY = "publicKey.pem";
    public static final String PRIVATE_KEY = "privateKey.pem";

    private DevKeys() {
    }

    /** Writes a fresh RSA-2048 pair into {@code dir}; the private key is readable by its owner only. */
    public static void generate(Path dir) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(PUBLIC_KEY), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Path privateKey = dir.resolve(PRIVATE_KEY);
            Files.deleteIfExists(privateKey);
            Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
