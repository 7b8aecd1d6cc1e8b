package com.platformeconomy.settlement;

import io.quarkus.arc.Arc;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the service's database directly, to check what a request really changed. */
public final class Db {

    private Db() {
    }

    public static List<Row> rows(String sql, Object... params) {
        List<Row> rows = new ArrayList<>();
        pool().preparedQuery(sql).executeAndAwait(Tuple.from(params)).forEach(rows::add);
        return rows;
    }

    public static Row row(String sql, Object... params) {
        List<Row> rows = rows(sql, params);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from " + sql + ", got " + rows.size());
        }
        return rows.get(0);
    }

    public static int update(String sql, Object... params) {
        return pool().preparedQuery(sql).executeAndAwait(Tuple.from(params)).rowCount();
    }

    private static Pool pool() {
        return Arc.container().instance(Pool.class).get();
    }
}
