package com.platformeconomy.wallet.stream;

import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.contracts.event.ChargeRecorded;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.TokensTransferred;
import java.time.Instant;
import java.util.Map;

/**
 * The format of an entry of the billing stream, as the Lua scripts write it (all values strings):
 * <ul>
 *   <li>every entry: {@code type} (charge | credit | debit | hold_capture), {@code event_id},
 *       {@code seq} (0 for a free app's call, which moves nothing), {@code from}, {@code to},
 *       {@code amount}, {@code subject} (the Kafka key), {@code category}, {@code reason},
 *       {@code time} (ms since the epoch, Redis's clock);</li>
 *   <li>a charge also: {@code app_id}, {@code developer_id}, {@code tool_name}, {@code byollm}
 *       (1|0), {@code developer_share}, {@code platform_share};</li>
 *   <li>optionally {@code traceparent}: the W3C trace context of the route that appended it, when
 *       that trace was sampled (issue 21); it becomes the event's {@code traceparent} attribute.</li>
 * </ul>
 * {@link #toEvent} turns an entry into the CloudEvent published on {@code billing.events}.
 */
public final class BillingStream {

    public static final String SOURCE = Topics.source(Topics.WALLET);
    public static final String CHARGE = "charge";

    private BillingStream() {
    }

    public static CloudEvent<?> toEvent(Map<String, String> entry) {
        String type = entry.get("type");
        Instant time = Instant.ofEpochMilli(Long.parseLong(entry.get("time")));
        long seq = Long.parseLong(entry.get("seq"));
        Object data;
        String eventType;
        if (CHARGE.equals(type)) {
            eventType = ChargeRecorded.TYPE;
            data = new ChargeRecorded(entry.get("from"), entry.get("app_id"), entry.get("developer_id"),
                    entry.get("tool_name"), "1".equals(entry.get("byollm")), Long.parseLong(entry.get("amount")),
                    Long.parseLong(entry.get("developer_share")), Long.parseLong(entry.get("platform_share")),
                    entry.get("to"), seq);
        } else {
            eventType = TokensTransferred.TYPE;
            data = new TokensTransferred(type, entry.get("from"), entry.get("to"), Long.parseLong(entry.get("amount")),
                    entry.get("category"), entry.get("reason"), seq);
        }
        return CloudEvent.of(entry.get("event_id"), eventType, SOURCE, entry.get("subject"), time, data)
                .withTraceparent(entry.get("traceparent"));
    }
}
