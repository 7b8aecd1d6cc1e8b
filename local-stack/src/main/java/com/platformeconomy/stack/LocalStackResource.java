package com.platformeconomy.stack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives every {@code @QuarkusTest} real Redis, Kafka and PostgreSQL, in this order of preference:
 * <ol>
 *   <li>servers already running, named by a stack file ({@code PES_STACK_FILE} or
 *       {@code -Dpes.stack.file}, as {@code ./suite up} writes it);</li>
 *   <li>containers, when a Docker engine is reachable;</li>
 *   <li>otherwise the {@link LocalStack}: the same servers as local processes.</li>
 * </ol>
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    private AutoCloseable started;

    @Override
    public Map<String, String> start() {
        try {
            StackInfo info = startOrFind();
            System.out.println("tests run against real servers: " + info.describe());
            return info.config();
        } catch (Exception e) {
            throw new IllegalStateException("cannot get Redis, Kafka and PostgreSQL for the tests", e);
        }
    }

    private StackInfo startOrFind() throws Exception {
        String given = System.getProperty("pes.stack.file", System.getenv("PES_STACK_FILE"));
        if (given != null && !given.isBlank()) {
            return StackInfo.read(Path.of(given));
        }
        Path dir = Path.of(System.getProperty("pes.stack.dir", "target/stack")).toAbsolutePath();
        if (ContainerStack.dockerReachable()) {
            ContainerStack containers = ContainerStack.start(dir);
            started = containers;
            return containers.info();
        }
        LocalStack stack = LocalStack.start(dir, false);
        started = stack;
        return stack.info();
    }

    @Override
    public void stop() {
        if (started != null) {
            try {
                started.close();
            } catch (Exception e) {
                System.err.println("could not stop the test servers cleanly: " + e);
            }
        }
    }
}
