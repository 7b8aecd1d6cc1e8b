package com.platformeconomy.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The jars this module was built with (listed at build time in {@code runtime.classpath}) and the
 * server binaries inside them, unpacked once into a world-readable cache so that an unprivileged
 * user can run them too.
 */
final class Binaries {

    private static final Path CACHE = Path.of(System.getProperty("java.io.tmpdir"), "pes-binaries");

    private Binaries() {
    }

    /** The runtime classpath of this module: the Kafka broker's JVM runs on it. */
    static String classpath() {
        try (InputStream in = Binaries.class.getResourceAsStream("/local-stack/runtime.classpath")) {
            if (in == null) {
                throw new IllegalStateException("local-stack/runtime.classpath is missing: build the local-stack module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path jar(String artifactPrefix) {
        return Arrays.stream(classpath().split(java.io.File.pathSeparator))
                .map(Path::of)
                .filter(p -> p.getFileName().toString().startsWith(artifactPrefix))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + artifactPrefix + " jar on the local stack's classpath"));
    }

    /** The version in a jar's file name, e.g. {@code kafka_2.13-4.1.2.jar} gives 4.1.2. */
    static String versionOf(String artifactPrefix) {
        String name = jar(artifactPrefix).getFileName().toString();
        return name.substring(artifactPrefix.length() + 1, name.length() - ".jar".length());
    }

    /** Unpacks the first entry of {@code jar} that {@code entry} accepts, as an executable file. */
    static Path extractExecutable(Path jar, Predicate<String> entry) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry found = zip.stream().filter(e -> entry.test(e.getName())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no binary for " + platform() + " in " + jar));
            Path target = CACHE.resolve(jar.getFileName().toString()).resolve(found.getName());
            if (Files.isExecutable(target)) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), "partial", "");
            try (InputStream in = zip.getInputStream(found)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            makeReadable(partial, true);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            makeReadable(CACHE, false);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unpacks the tar.xz archive inside {@code jar} into a folder of its own, once. */
    static Path extractArchive(Path jar, String archiveEntry) {
        Path target = CACHE.resolve(jar.getFileName().toString().replace(".jar", ""));
        if (Files.isDirectory(target.resolve("bin"))) {
            return target;
        }
        try {
            Files.createDirectories(CACHE);
            Path partial = Files.createTempDirectory(CACHE, "partial");
            Path archive = partial.resolve("archive.txz");
            try (ZipFile zip = new ZipFile(jar.toFile());
                 InputStream in = zip.getInputStream(zip.getEntry(archiveEntry))) {
                Files.copy(in, archive);
            }
            ServerProcess.run(List.of("tar", "-xJf", archive.toString()), partial, Duration.ofMinutes(2));
            Files.delete(archive);
            ServerProcess.run(List.of("chmod", "-R", "a+rX", partial.toString()), partial, Duration.ofSeconds(30));
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isDirectory(target.resolve("bin"))) {
                    throw raced;
                }
            }
            makeReadable(CACHE, false);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("mac") ? "darwin" : "linux";
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return os + "-" + (arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64");
    }

    private static void makeReadable(Path path, boolean executable) throws IOException {
        path.toFile().setReadable(true, false);
        path.toFile().setExecutable(executable || Files.isDirectory(path), false);
    }
}
