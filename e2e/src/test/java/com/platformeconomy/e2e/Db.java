package com.platformeconomy.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read-only JDBC queries against one service's database on the stack's PostgreSQL: the test observing. */
final class Db {

    private final String url;
    private final String user;

    Db(String host, int port, String user, String database) {
        this.url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        this.user = user;
    }

    List<Map<String, Object>> rows(String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, "");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), result.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(url + ": " + sql, e);
        }
    }

    long scalar(String sql) {
        Object value = rows(sql).get(0).values().iterator().next();
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** The tables of the public schema. */
    List<String> tables() {
        return rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                + "AND table_type = 'BASE TABLE' ORDER BY table_name").stream()
                .map(r -> (String) r.get("table_name")).toList();
    }
}
