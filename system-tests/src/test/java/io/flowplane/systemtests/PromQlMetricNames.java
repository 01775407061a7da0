package io.flowplane.systemtests;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The metric names a PromQL expression reads, found by a small tokenizer rather than a full parser.
 * It skips what cannot be a metric name: string literals, comments, label matchers {@code {...}},
 * ranges and subqueries {@code [...]}, numbers and durations, Grafana variables ({@code $name},
 * {@code ${name}}), the label lists after grouping keywords, and the functions, aggregations and
 * keywords below. Every other identifier is a metric name. An identifier followed by {@code (} that
 * is not a known function or aggregation is refused, so a misspelt function is not taken for a metric.
 */
final class PromQlMetricNames {
    /** PromQL functions, as documented for Prometheus 2.x and 3.x ({@code start}, {@code end}: the @ modifier). */
    static final Set<String> FUNCTIONS = Set.of(
            "abs", "absent", "absent_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh",
            "avg_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "cos", "cosh",
            "count_over_time", "day_of_month", "day_of_week", "day_of_year", "days_in_month", "deg", "delta",
            "deriv", "double_exponential_smoothing", "end", "exp", "floor", "histogram_avg", "histogram_count",
            "histogram_fraction", "histogram_quantile", "histogram_stddev", "histogram_stdvar", "histogram_sum",
            "holt_winters", "hour", "idelta", "increase", "info", "irate", "label_join", "label_replace",
            "last_over_time", "ln", "log10", "log2", "mad_over_time", "max_over_time", "min_over_time", "minute",
            "month", "pi", "predict_linear", "present_over_time", "quantile_over_time", "rad", "rate", "resets",
            "round", "scalar", "sgn", "sin", "sinh", "sort", "sort_by_label", "sort_by_label_desc", "sort_desc",
            "sqrt", "start", "stddev_over_time", "stdvar_over_time", "sum_over_time", "tan", "tanh", "time",
            "timestamp", "vector", "year");

    /** Aggregation operators: they may be followed by {@code by}/{@code without} before their parenthesis. */
    static final Set<String> AGGREGATIONS = Set.of(
            "avg", "bottomk", "count", "count_values", "group", "limit_ratio", "limitk", "max", "min", "quantile",
            "stddev", "stdvar", "sum", "topk");

    /** Keywords that take a parenthesised list of label names, which are not metrics. */
    static final Set<String> LABEL_LIST_KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right");

    /** Binary operators spelt as words, modifiers and literals. */
    static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "atan2", "bool", "offset", "inf", "nan");

    private final String expr;
    private int pos;

    private PromQlMetricNames(String expr) {
        this.expr = expr;
    }

    static Set<String> in(String expr) {
        return new PromQlMetricNames(expr).scan();
    }

    private Set<String> scan() {
        Set<String> names = new LinkedHashSet<>();
        while (pos < expr.length()) {
            char c = expr.charAt(pos);
            if (c == '"' || c == '\'' || c == '`') {
                skipString(c);
            } else if (c == '#') {
                skipToEndOfLine();
            } else if (c == '{') {
                skipBalanced('{', '}');
            } else if (c == '[') {
                skipBalanced('[', ']');
            } else if (c == '$') {
                skipGrafanaVariable();
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < expr.length() && Character.isDigit(expr.charAt(pos + 1)))) {
                skipWhile(PromQlMetricNames::isNumberPart);
            } else if (isIdentifierStart(c)) {
                String word = identifier();
                classify(word, names);
            } else {
                pos++;
            }
        }
        return names;
    }

    private void classify(String word, Set<String> names) {
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        if (LABEL_LIST_KEYWORDS.contains(lower)) {
            if (nextNonSpace() == '(') {
                skipBalanced('(', ')');
            }
        } else if (AGGREGATIONS.contains(lower) || KEYWORDS.contains(lower)) {
            return;
        } else if (nextNonSpace() == '(') {
            if (!FUNCTIONS.contains(word)) {
                throw new IllegalArgumentException("unknown PromQL function " + word + "() in: " + expr);
            }
        } else {
            names.add(word);
        }
    }

    private String identifier() {
        int start = pos;
        skipWhile(PromQlMetricNames::isIdentifierPart);
        return expr.substring(start, pos);
    }

    private char nextNonSpace() {
        while (pos < expr.length() && Character.isWhitespace(expr.charAt(pos))) {
            pos++;
        }
        return pos < expr.length() ? expr.charAt(pos) : 0;
    }

    private void skipString(char quote) {
        pos++;
        while (pos < expr.length() && expr.charAt(pos) != quote) {
            pos += expr.charAt(pos) == '\\' && quote != '`' ? 2 : 1;
        }
        pos++;
    }

    /** Skips from an opening bracket to its match; strings inside may hold brackets. */
    private void skipBalanced(char open, char close) {
        int depth = 0;
        while (pos < expr.length()) {
            char c = expr.charAt(pos);
            if (c == '"' || c == '\'' || c == '`') {
                skipString(c);
                continue;
            }
            pos++;
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return;
            }
        }
        throw new IllegalArgumentException("unbalanced " + open + " in: " + expr);
    }

    private void skipGrafanaVariable() {
        pos++;
        if (pos < expr.length() && expr.charAt(pos) == '{') {
            skipBalanced('{', '}');
        } else {
            skipWhile(PromQlMetricNames::isIdentifierPart);
        }
    }

    private void skipToEndOfLine() {
        while (pos < expr.length() && expr.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void skipWhile(java.util.function.IntPredicate part) {
        while (pos < expr.length() && part.test(expr.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isIdentifierStart(int c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isIdentifierPart(int c) {
        return isIdentifierStart(c) || Character.isDigit(c);
    }

    /** Numbers, durations (5m, 1h30m), exponents and hex: digits, letters and dots. */
    private static boolean isNumberPart(int c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_';
    }
}
