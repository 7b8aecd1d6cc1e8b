package com.platformeconomy.wallet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.stack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * wallet-service reaches Redis as its own ACL user (local-stack's {@code redis/wallet-service.acl}):
 * it can run what the wallet runs and nothing else, and a client that has not signed in can do
 * nothing at all. Every other test of this module runs the wallet under the same ACL.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class RedisAclTest {

    @Inject
    Keys keys;

    @Inject
    Redis redis; // the service's own client, signed in as wallet-service

    @Test
    void theWalletUserCannotRunWhatTheWalletDoesNotRun() {
        assertThat(send(Request.cmd(Command.PING))).isEqualTo("PONG");
        assertThat(send(Request.cmd(Command.ACL).arg("WHOAMI"))).startsWith("NOPERM");
        for (Request forbidden : new Request[] {
                Request.cmd(Command.FLUSHALL),
                Request.cmd(Command.FLUSHDB),
                Request.cmd(Command.KEYS).arg("*"),
                Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory-policy").arg("allkeys-lru"),
                Request.cmd(Command.DEL).arg(keys.bucket(0).wallet("user:acl-victim")),
                Request.cmd(Command.SCRIPT).arg("FLUSH"),
                Request.cmd(Command.DEBUG).arg("SLEEP").arg("0"),
                Request.cmd(Command.SHUTDOWN).arg("NOSAVE"),
                Request.cmd(Command.PUBLISH).arg("pes:billing").arg("x"),
                Request.cmd(Command.ACL).arg("SETUSER").arg("wallet-service").arg("+@all")}) {
            assertThat(send(forbidden)).as(forbidden.command().toString()).startsWith("NOPERM");
        }
    }

    @Test
    void theWalletUserSeesOnlyTheWalletsKeys() {
        assertThat(send(Request.cmd(Command.GET).arg("not-pes:secret"))).startsWith("NOPERM");
        assertThat(send(Request.cmd(Command.SET).arg("elsewhere").arg("1"))).startsWith("NOPERM");
        // A script runs with its caller's permissions: it cannot reach other keys or commands either.
        assertThat(send(Request.cmd(Command.EVAL).arg("return redis.call('GET', KEYS[1])").arg(1).arg("not-pes:secret")))
                .contains("NOPERM");
        // (Redis 6.2 words a refused command inside a script as "can't run this command", 7 as NOPERM.)
        assertThat(send(Request.cmd(Command.EVAL).arg("return redis.call('FLUSHALL')").arg(0)))
                .containsAnyOf("NOPERM", "can't run this command");
        assertThat(send(Request.cmd(Command.GET).arg("pes:acl-test"))).isEqualTo("null");
    }

    @Test
    void aClientThatHasNotSignedInCanDoNothing() throws Exception {
        assertThat(raw("PING")).startsWith("-NOAUTH");
        assertThat(raw("AUTH", "default", "")).startsWith("-WRONGPASS");
        assertThat(raw("AUTH", "wallet-service", "guess")).startsWith("-WRONGPASS");
    }

    private String send(Request request) {
        try {
            return String.valueOf(redis.send(request).await().indefinitely());
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** One command on a fresh, unauthenticated connection; the first line of the reply. */
    private static String raw(String... args) throws Exception {
        String host = ConfigProvider.getConfig().getValue("pes.redis.host", String.class);
        int port = ConfigProvider.getConfig().getValue("pes.redis.port", Integer.class);
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(5_000);
            StringBuilder command = new StringBuilder("*" + args.length + "\r\n");
            for (String arg : args) {
                command.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(command.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
