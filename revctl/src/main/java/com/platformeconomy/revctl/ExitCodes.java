package com.platformeconomy.revctl;

/** revctl's exit codes, documented in revctl/README.md: scripts and probes rely on them. */
public final class ExitCodes {
    /** Every service checked is UP; a client call got a 2xx answer. */
    public static final int OK = 0;
    /** Something unexpected inside revctl (a bug, an unreadable file). */
    public static final int ERROR = 1;
    /** Bad command line (picocli's usage error code). */
    public static final int USAGE = 2;
    /** Every service answered, and at least one is DOWN (or not a health endpoint). */
    public static final int DOWN = 3;
    /** At least one service could not be reached at all, and none answered DOWN. */
    public static final int UNREACHABLE = 4;
    /** At least one service is DOWN and at least one other is unreachable. */
    public static final int DOWN_AND_UNREACHABLE = 5;
    /** A client command reached its service and got a 4xx or 5xx answer. */
    public static final int HTTP_ERROR = 6;

    private ExitCodes() {
    }
}
