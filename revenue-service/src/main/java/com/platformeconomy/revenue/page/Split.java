package com.platformeconomy.revenue.page;

/** The configured pools' percentages (90/9/1 by default), as the page labels them. */
public record Split(int users, int infra, int central) {
}
