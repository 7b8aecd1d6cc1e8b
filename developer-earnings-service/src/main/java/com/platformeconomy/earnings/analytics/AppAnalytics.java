package com.platformeconomy.earnings.analytics;

/**
 * GET /v1/developer/apps/{app_id}/analytics, exactly the seed's shape: calls, developer_share sum
 * and distinct users in the window. For {@code days=all}, {@code period_days} is the number of
 * days the app has existed (at least 1), i.e. the window "all" actually covered.
 */
public record AppAnalytics(String appId, long periodDays, long actions, long revenue, long uniqueUsers) {
}
