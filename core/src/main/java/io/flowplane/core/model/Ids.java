package io.flowplane.core.model;

import java.security.SecureRandom;

/** Opaque, stable resource ids such as {@code dp_k3f9x0q2m7ab}. */
public final class Ids {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String next(String prefix) {
        char[] body = new char[12];
        for (int i = 0; i < body.length; i++) {
            body[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return prefix + "_" + new String(body);
    }
}
