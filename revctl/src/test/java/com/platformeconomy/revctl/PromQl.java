package com.platformeconomy.revctl;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, without a PromQL parser: what is left of the
 * expression once everything that cannot be a metric name is taken out. String literals, label
 * matchers {@code {…}}, ranges and subqueries {@code […]}, Grafana variables ({@code $namespace},
 * {@code ${datasource}}) and the label of its {@code label_values(metric, label)}, label lists of {@code by}/{@code without}/{@code on}/{@code ignoring}/
 * {@code group_left}/{@code group_right}, {@code offset} and {@code @} modifiers and numbers go
 * first; of the identifiers left, one followed by {@code (} is a function or an aggregation (and
 * must be a known one: a misspelt function fails instead of passing for a metric), a keyword is a
 * keyword, and every other one is a metric name.
 */
final class PromQl {

    /** PromQL's functions and aggregation operators (Prometheus 2.x/3.x). */
    static final Set<String> FUNCTIONS = Set.of(
            // aggregation operators
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile",
            "limitk", "limit_ratio",
            // functions
            "abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "day_of_month",
            "day_of_week", "day_of_year", "days_in_month", "delta", "deriv", "exp", "floor", "histogram_avg", "histogram_count",
            "histogram_fraction", "histogram_quantile", "histogram_stddev", "histogram_stdvar", "histogram_sum", "holt_winters",
            "double_exponential_smoothing", "hour", "idelta", "increase", "irate", "label_join", "label_replace", "ln", "log2",
            "log10", "minute", "month", "predict_linear", "rate", "resets", "round", "scalar", "sgn", "sort", "sort_desc",
            "sort_by_label", "sort_by_label_desc", "sqrt", "time", "timestamp", "vector", "year", "avg_over_time",
            "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "quantile_over_time", "stddev_over_time",
            "stdvar_over_time", "last_over_time", "present_over_time", "mad_over_time", "acos", "acosh", "asin", "asinh",
            "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh", "deg", "rad", "pi",
            // Grafana's template query functions (a variable's query: label_values(metric, label))
            "label_values", "label_names", "metrics", "query_result");

    /** Binary operators, modifiers and literals that are words; PromQL reads them case-insensitively. */
    static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "atan2", "by", "without", "on", "ignoring", "group_left",
            "group_right", "offset", "bool", "start", "end", "inf", "nan");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+|\\[\\[\\w+]]");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(?i:by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
    private static final Pattern MODIFIER = Pattern.compile("\\b(?i:offset)\\s+-?[0-9a-zA-Z]+|@\\s*(?:start\\(\\s*\\)|end\\(\\s*\\)|[0-9.]+)");
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\w:.])(?:0[xX][0-9a-fA-F]+|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?(?:[smhdwy]|ms)?)(?![\\w:])");
    /** Grafana's label_values(metric, label): the label is no metric. */
    private static final Pattern LABEL_VALUES = Pattern.compile("\\blabel_values\\s*\\(([^(),]*),\\s*[a-zA-Z_]\\w*\\s*\\)");
    /** Grafana's label_values(label): no metric at all. */
    private static final Pattern LABEL_VALUES_OF_LABEL = Pattern.compile("\\blabel_values\\s*\\(\\s*[a-zA-Z_]\\w*\\s*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQl() {
    }

    /**
     * The metric names {@code expr} reads.
     *
     * @throws IllegalArgumentException for a call of a function PromQL does not have, or braces,
     *         brackets or parentheses that do not pair
     */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll(" ");
        s = VARIABLE.matcher(s).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = LABEL_VALUES_OF_LABEL.matcher(s).replaceAll(" ");
        s = LABEL_VALUES.matcher(s).replaceAll(" ($1) ");
        s = LABEL_LIST.matcher(s).replaceAll(" ");
        s = MODIFIER.matcher(s).replaceAll(" ");
        s = NUMBER.matcher(s).replaceAll(" ");
        if (s.matches("(?s).*[{}\\[\\]].*") || s.chars().filter(c -> c == '(').count() != s.chars().filter(c -> c == ')').count()) {
            throw new IllegalArgumentException("unpaired braces, brackets or parentheses in: " + expr);
        }
        Set<String> metrics = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String word = m.group();
            int next = m.end();
            while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
                next++;
            }
            if (next < s.length() && s.charAt(next) == '(') {
                if (!FUNCTIONS.contains(word)) {
                    throw new IllegalArgumentException("'" + word + "(' is no PromQL function, in: " + expr);
                }
            } else if (!KEYWORDS.contains(word.toLowerCase(Locale.ROOT))) {
                metrics.add(word);
            }
        }
        return metrics;
    }
}
