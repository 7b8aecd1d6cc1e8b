package com.platformeconomy.revctl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** One revctl command line, run in this JVM with a given environment: exit code, stdout, stderr. */
final class RevctlRun {

    final int code;
    final String out;
    final String err;

    private RevctlRun(int code, String out, String err) {
        this.code = code;
        this.out = out;
        this.err = err;
    }

    static RevctlRun revctl(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> environment = new HashMap<>(env);
        // never the developer's own ~/.config/revctl
        environment.putIfAbsent("HOME", Path.of("target").toAbsolutePath().toString());
        int code = Revctl.run(new PrintWriter(out), new PrintWriter(err), environment, args);
        return new RevctlRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
}
