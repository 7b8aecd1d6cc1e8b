package com.platformeconomy.contracts.money;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Splits a whole number of tokens in proportion to weights by the largest-remainder method (SPEC §2):
 * each part is the floor of its exact share, and the tokens left over go one each to the parts with
 * the largest remainders (ties to the earlier part). The parts always add up to the whole, and no
 * part is 1 token or more away from its exact share. Exact integer arithmetic throughout.
 */
public final class LargestRemainder {

    private LargestRemainder() {
    }

    /** Parts of {@code whole} (≥ 0) in proportion to {@code weights} (each ≥ 0, at least one > 0). */
    public static long[] split(long whole, long[] weights) {
        if (whole < 0) {
            throw new IllegalArgumentException("the whole must not be negative: " + whole);
        }
        BigInteger total = BigInteger.ZERO;
        for (long weight : weights) {
            if (weight < 0) {
                throw new IllegalArgumentException("weights must not be negative: " + weight);
            }
            total = total.add(BigInteger.valueOf(weight));
        }
        if (total.signum() == 0) {
            throw new IllegalArgumentException("at least one weight must be positive");
        }
        BigInteger big = BigInteger.valueOf(whole);
        long[] parts = new long[weights.length];
        BigInteger[] remainders = new BigInteger[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            BigInteger[] qr = big.multiply(BigInteger.valueOf(weights[i])).divideAndRemainder(total);
            parts[i] = qr[0].longValueExact();
            remainders[i] = qr[1];
            given += parts[i];
        }
        long left = whole - given;
        List<Integer> order = new ArrayList<>(weights.length);
        for (int i = 0; i < weights.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer, BigInteger>comparing(i -> remainders[i]).reversed().thenComparing(i -> i));
        for (int k = 0; k < left; k++) {
            parts[order.get(k)]++;
        }
        return parts;
    }

    /** Parts of {@code whole} keyed like {@code weights}, in the weights' (sorted) key order. */
    public static Map<String, Long> split(long whole, SortedMap<String, Long> weights) {
        long[] w = weights.values().stream().mapToLong(Long::longValue).toArray();
        long[] parts = split(whole, w);
        Map<String, Long> result = new LinkedHashMap<>();
        int i = 0;
        for (String key : weights.keySet()) {
            result.put(key, parts[i++]);
        }
        return result;
    }
}
