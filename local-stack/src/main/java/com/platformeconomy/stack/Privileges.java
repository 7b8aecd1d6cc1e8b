package com.platformeconomy.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Who the servers run as: PostgreSQL will not run as root, so root hands it to an unprivileged user. */
final class Privileges {

    private Privileges() {
    }

    static boolean isRoot() {
        return "0".equals(id("-u", null));
    }

    /** {@code postgres} where such a user exists (Debian's package makes one), else {@code nobody}. */
    static String serverUser() {
        return id("-u", "postgres") != null ? "postgres" : "nobody";
    }

    /** The command prefix that runs what follows as {@link #serverUser()}; empty when we are not root. */
    static List<String> dropRoot() {
        if (!isRoot()) {
            return List.of();
        }
        String user = serverUser();
        return List.of("setpriv", "--reuid=" + id("-u", user), "--regid=" + id("-g", user), "--clear-groups");
    }

    private static String id(String flag, String user) {
        try {
            List<String> command = user == null ? List.of("id", flag) : List.of("id", flag, user);
            return ServerProcess.run(command, Path.of("/"), Duration.ofSeconds(5)).trim();
        } catch (IllegalStateException unknownUser) {
            return null;
        }
    }
}
