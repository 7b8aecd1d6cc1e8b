package com.platformeconomy.settlement.settings;

/** The source's join answer. */
public record ProviderJoined(boolean joined, String nodeId, ComputeSettingsView config) {
}
