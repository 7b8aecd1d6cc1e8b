package com.platformeconomy.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Starting, watching and stopping one server process, with its output in a log file. */
final class ServerProcess {

    private final String name;
    private final long pid;
    private final Path log;

    private ServerProcess(String name, long pid, Path log) {
        this.name = name;
        this.pid = pid;
        this.log = log;
    }

    /**
     * Starts {@code command} with its output appended to {@code log}. A detached process gets a
     * session of its own, so it outlives the launcher and a terminal's Ctrl-C or hang-up.
     */
    static ServerProcess start(String name, List<String> command, Path workDir, Path log, boolean detached) {
        List<String> full = new ArrayList<>();
        if (detached && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            full.add("/usr/bin/setsid");
        }
        full.addAll(command);
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(full)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new ServerProcess(name, process.pid(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + full, e);
        }
    }

    static ServerProcess attach(String name, long pid, Path log) {
        return new ServerProcess(name, pid, log);
    }

    long pid() {
        return pid;
    }

    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits until {@code ready} holds, failing early with the log's tail if the process dies. */
    void awaitReady(BooleanSupplier ready, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!alive()) {
                throw new IllegalStateException(name + " exited while starting; its log ends with:\n" + tail());
            }
            pause(100);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; its log ends with:\n" + tail());
    }

    /** Sends {@code signal} (e.g. INT for PostgreSQL's fast shutdown), then kills after the grace period. */
    void stop(String signal, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
            handle.get().onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            handle.get().destroyForcibly();
            handle.get().onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(x -> null).join();
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /**
     * A port nothing listens on now, for a server started a few seconds later. It is drawn from
     * below the kernel's ephemeral range ({@code ip_local_port_range}, 32768-60999 here): a port
     * from inside it (what {@code new ServerSocket(0)} hands out) can be taken meanwhile by any
     * outgoing connection or any other test's port 0, and a server started on it then fails with
     * "Address already in use" (seen: PostgreSQL after its initdb, in CI).
     */
    static int freePort() {
        int below = ephemeralRangeStart();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200 && below > FIRST_CHOSEN_PORT; attempt++) {
            int port = random.nextInt(FIRST_CHOSEN_PORT, below);
            // Never the same port twice in one JVM: one handed out may not be bound yet (PostgreSQL's initdb runs first).
            if (bindable(port) && ISSUED.add(port)) {
                return port;
            }
        }
        // The kernel's choice, never one already handed out (seen: Kafka's two listeners given one port, in a wallet test run).
        for (int attempt = 0; ; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                if (ISSUED.add(socket.getLocalPort()) || attempt >= 100) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final java.util.Set<Integer> ISSUED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The lowest port {@link #freePort()} draws: above a Redis Cluster's nodes and bus ports ({@link RedisCluster#freeNodePorts}). */
    private static final int FIRST_CHOSEN_PORT = 29500;

    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String run(List<String> command, Path workDir, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (" + process.exitValue() + "):\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
