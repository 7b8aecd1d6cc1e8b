package com.platformeconomy.wallet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.Redis;
import com.platformeconomy.stack.Redis.ClusterNode;
import com.platformeconomy.wallet.redis.RedisMemory.Usage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The memory gauge the RedisMemoryHigh alert reads: on one node that node's used / maxmemory; on a
 * Redis Cluster the fullest master's, whichever it is (runs in both of the module's executions).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class RedisMemoryTest {

    @Inject
    RedisMemory memory;
    @Inject
    Keys keys;

    @Test
    void theFullestNodeIsTheOneNearestItsLimit() {
        Usage roomy = new Usage(100, 1_000);
        Usage full = new Usage(900, 1_000);
        Usage unlimited = new Usage(5_000, 0);
        assertThat(Usage.fullest(List.of(roomy, full, unlimited))).isEqualTo(full);
        assertThat(Usage.fullest(List.of(unlimited, roomy))).as("a node with a limit can fill up").isEqualTo(roomy);
        assertThat(Usage.fullest(List.of(new Usage(1, 0), unlimited))).isEqualTo(unlimited);
        assertThat(Usage.parse("# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\nmaxmemory:2147483648\r\n"))
                .isEqualTo(new Usage(1_048_576, 2_147_483_648d));
    }

    @Test
    void theGaugeIsTheFullestMastersRatio() {
        memory.read().await().indefinitely();
        // The stack's Redis: 2 GB, nearly empty.
        assertThat(memory.ratio()).isBetween(0.0, 0.1);
        if (!Keys.CLUSTER.equals(keys.bucket(0).prefix())) {
            return;
        }
        // A master that holds none of the wallets' keys fills up (its limit set just above what it uses):
        // the gauge must show it, every time, although the wallets' master has room.
        Config config = ConfigProvider.getConfig();
        String password = config.getValue("pes.redis.admin-password", String.class);
        List<Integer> ports = config.getValues("pes.redis.cluster-nodes", String.class).stream()
                .map(node -> Integer.parseInt(node.substring(node.lastIndexOf(':') + 1))).toList();
        ClusterNode other;
        try (Redis any = new Redis("127.0.0.1", ports.get(0), "admin", password)) {
            long walletSlot = (Long) any.call("CLUSTER", "KEYSLOT", keys.bucket(0).wallet("user:any"));
            other = any.clusterNodes().stream().filter(ClusterNode::master)
                    .filter(n -> !n.serves(walletSlot)).filter(n -> !n.slots().isEmpty()).findFirst().orElseThrow();
        }
        try (Redis node = new Redis("127.0.0.1", other.port(), "admin", password)) {
            String info = (String) node.call("INFO", "memory");
            long used = (long) Usage.parse(info).used();
            node.call("CONFIG", "SET", "maxmemory", Long.toString(used + used / 10));
            try {
                for (int read = 0; read < 5; read++) {
                    memory.read().await().indefinitely();
                    assertThat(memory.ratio()).as("read %d: the fullest master's ratio", read).isGreaterThan(0.5);
                }
            } finally {
                node.call("CONFIG", "SET", "maxmemory", "2gb");
            }
        }
    }
}
