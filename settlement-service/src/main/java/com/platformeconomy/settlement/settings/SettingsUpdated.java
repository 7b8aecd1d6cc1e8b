package com.platformeconomy.settlement.settings;

import java.util.List;

/** The source's PUT answer: which fields were set, split as the source routes them. */
public record SettingsUpdated(boolean updated, String nodeId, List<String> policyFields, List<String> peerFields) {
}
