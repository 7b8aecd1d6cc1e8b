package com.platformeconomy.revenue.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.ChargeRecorded;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.contracts.event.SettlementAwarded;
import com.platformeconomy.contracts.event.TokensTransferred;
import com.platformeconomy.contracts.money.Limits;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Which events are revenue, of which stream and how much (SPEC §6): the platform share of a paid
 * app action and an api_usage debit are API revenue, an ad_spend debit is ad revenue, a settlement
 * award is a hosting payout. Everything else on those topics (credits, tier fees, captures, free
 * calls) is not revenue. An event counts on the UTC day of its {@code time}, else the day it arrives.
 */
public final class RevenueEvents {

    public static final String API_USAGE = "api_usage";
    public static final String AD_SPEND = "ad_spend";

    private RevenueEvents() {
    }

    /** The stream entry of one billing.events record, if it is revenue; throws MalformedEventException if unreadable. */
    public static Optional<StreamEntry> fromBilling(String payload, Clock clock) {
        CloudEvent<JsonNode> event = decode(Topics.BILLING_EVENTS, payload);
        if (ChargeRecorded.TYPE.equals(event.type())) {
            ChargeRecorded charge = EventCodec.data(event, ChargeRecorded.class);
            return positive(event, Stream.API, charge.platformShare(), clock);
        }
        if (TokensTransferred.TYPE.equals(event.type())) {
            TokensTransferred moved = EventCodec.data(event, TokensTransferred.class);
            if (!TokensTransferred.DEBIT.equals(moved.kind())) {
                return Optional.empty();
            }
            if (API_USAGE.equals(moved.category())) {
                return positive(event, Stream.API, moved.amount(), clock);
            }
            if (AD_SPEND.equals(moved.category())) {
                return positive(event, Stream.AD, moved.amount(), clock);
            }
        }
        return Optional.empty();
    }

    /** The hosting payout of one settlement.awarded record. */
    public static Optional<StreamEntry> fromSettlement(String payload, Clock clock) {
        CloudEvent<JsonNode> event = decode(Topics.SETTLEMENT_AWARDED, payload);
        if (!SettlementAwarded.TYPE.equals(event.type())) {
            return Optional.empty();
        }
        // The wallet credits only an award to a node operator: anything else paid nobody, so is no hosting payout.
        SettlementAwarded award = EventCodec.data(event, SettlementAwarded.class).requireNodeOperator();
        return positive(event, Stream.HOSTING, award.tokens(), clock);
    }

    /** The event, refused (ForeignSourceException) unless the topic's owner wrote it (SPEC §10). */
    private static CloudEvent<JsonNode> decode(String topic, String payload) {
        if (payload == null || payload.isBlank()) {
            throw new MalformedEventException("an empty record is not an event");
        }
        return EventCodec.decodeFrom(topic, payload);
    }

    private static Optional<StreamEntry> positive(CloudEvent<JsonNode> event, Stream stream, long amount, Clock clock) {
        if (amount < 0) {
            throw new MalformedEventException("event " + event.id() + " has a negative amount " + amount);
        }
        // No movement the wallet makes is larger (it parks such an award); larger amounts would overflow
        // the day's roll-up, a failure retried as if the database were away, which stops the channel.
        if (amount > Limits.MAX_TOKENS) {
            throw new MalformedEventException("event " + event.id() + " has an amount " + amount + " above "
                    + Limits.MAX_TOKENS + " tokens");
        }
        if (amount == 0) {
            return Optional.empty();
        }
        LocalDate day = event.time() != null ? event.time().atZone(ZoneOffset.UTC).toLocalDate() : LocalDate.now(clock);
        return Optional.of(new StreamEntry(event.id(), day, stream, amount));
    }
}
