package com.platformeconomy.stack;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Just enough of the Redis protocol (RESP2) for people and tests to talk to one Redis node of the
 * stack: the local stack sets its cluster up with it, and tests look at wallet-service's keys (they
 * observe Redis, they never write to wallet-service's keys). It signs in as a named user (the
 * stack's admin: Redis has no default user).
 */
public final class Redis implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Signs in as {@code user} (the stack's admin: Redis has no default user). */
    public Redis(String host, int port, String user, String password) {
        try {
            socket = new Socket(host, port);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        call("AUTH", user, password);
    }

    /** A node of a Redis Cluster as CLUSTER NODES describes it: its slot ranges when it is a master. */
    public record ClusterNode(String id, int port, boolean master, String masterId, List<long[]> slots) {

        static ClusterNode parse(String line) {
            String[] f = line.split(" ");
            String address = f[1].substring(0, f[1].indexOf('@'));
            List<long[]> slots = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (!f[i].startsWith("[")) { // a slot being migrated, not served
                    String[] range = f[i].split("-");
                    slots.add(new long[] {Long.parseLong(range[0]), Long.parseLong(range[range.length - 1])});
                }
            }
            return new ClusterNode(f[0], Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)),
                    f[2].contains("master") && !f[2].contains("fail"), f[3], slots);
        }

        /** Whether this node is a live master serving {@code slot}. */
        public boolean serves(long slot) {
            return master && slots.stream().anyMatch(r -> r[0] <= slot && slot <= r[1]);
        }
    }

    /** The cluster's nodes as this node sees them (CLUSTER NODES). */
    public List<ClusterNode> clusterNodes() {
        return ((String) call("CLUSTER", "NODES")).lines().map(ClusterNode::parse).toList();
    }

    /**
     * The stack's admin signed in to the node that serves {@code key}: the one Redis, or on a Redis
     * Cluster the master of the key's hash slot (asked of the first node that answers).
     */
    public static Redis adminForKey(StackInfo stack, String key) {
        if (!stack.redisCluster()) {
            return new Redis(stack.redisHost(), stack.redisPort(), RedisServer.ADMIN_USER, stack.redisAdminPassword());
        }
        RuntimeException last = null;
        for (String node : stack.redisClusterNodes()) {
            String host = node.substring(0, node.lastIndexOf(':'));
            try (Redis any = new Redis(host, Integer.parseInt(node.substring(node.lastIndexOf(':') + 1)),
                    RedisServer.ADMIN_USER, stack.redisAdminPassword())) {
                long slot = (Long) any.call("CLUSTER", "KEYSLOT", key);
                ClusterNode master = any.clusterNodes().stream().filter(n -> n.serves(slot)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
                return new Redis(host, master.port(), RedisServer.ADMIN_USER, stack.redisAdminPassword());
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no master of the Redis Cluster serves " + key, last);
    }

    /** One command; the reply as String, Long, List (of replies) or null. */
    public Object call(String... args) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            buffer.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                buffer.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                buffer.write(bytes);
                buffer.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.write(buffer.toByteArray());
            out.flush();
            return reply();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String... args) {
        List<String> strings = new ArrayList<>();
        for (Object o : (List<Object>) call(args)) {
            strings.add(String.valueOf(o));
        }
        return strings;
    }

    public Map<String, String> hash(String key) {
        List<String> flat = list("HGETALL", key);
        Map<String, String> hash = new TreeMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            hash.put(flat.get(i), flat.get(i + 1));
        }
        return hash;
    }

    /** Every key, by SCAN. */
    @SuppressWarnings("unchecked")
    public List<String> keys(String pattern) {
        List<String> keys = new ArrayList<>();
        String cursor = "0";
        do {
            List<Object> page = (List<Object>) call("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
            cursor = (String) page.get(0);
            for (Object key : (List<Object>) page.get(1)) {
                keys.add((String) key);
            }
        } while (!cursor.equals("0"));
        return keys;
    }

    private Object reply() throws IOException {
        int type = in.read();
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IllegalStateException("Redis: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(reply());
                }
                return items;
            }
            default:
                throw new IllegalStateException("unexpected Redis reply type " + type);
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.append((char) c);
        }
        in.read(); // \n
        return line.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
