package com.platformeconomy.wallet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pipeline LuaScripts sends where replicas must confirm a movement: its scripts, then a write of
 * its own in their slot, then WAIT. The mark is what makes a replay (a script that writes nothing)
 * wait for the write it answers for on Redis 7.2+, which moves a client's write offset only on
 * commands that propagated: RedisFailoverTest's replay test cannot show that on the 6.2 and 7.0 this
 * machine runs, so the order is held here.
 */
class ReplicatedPipelineTest {

    @Test
    void theScriptsThenAMarkInTheirSlotThenWait() {
        Keys.Bucket bucket = new Keys("cluster", 16).bucket(5);
        Request script = Request.cmd(Command.EVALSHA).arg("0123").arg(1).arg(bucket.event("e-1"));
        List<Request> pipeline = LuaScripts.withWait(List.of(script, script), bucket.event("e-1"), 1, 1000);

        assertThat(pipeline).hasSize(4);
        assertThat(pipeline.subList(0, 2)).containsExactly(script, script);
        Request mark = pipeline.get(2);
        assertThat(mark.command()).isEqualTo(Command.SET);
        String markKey = LuaScripts.replicatedMark(bucket.event("e-1"));
        assertThat(mark.toString()).contains(markKey);
        assertThat(LuaScripts.hashTag(markKey)).as("the mark's slot is the scripts'").isEqualTo(LuaScripts.hashTag(bucket.seq()));
        assertThat(pipeline.get(3).command()).isEqualTo(Command.WAIT);
        assertThat(pipeline.get(3).toString()).contains("1000");
    }
}
