package io.flowplane.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Known secrets searched for in everything a test saw: process logs, response bodies, metrics, workflow
 * histories. A hit names the secret (by its label, never its value), where it was and the text around it.
 */
public final class SecretScan {
    private static final int CONTEXT = 60;

    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, String> texts = new LinkedHashMap<>();

    /** @param label what the secret is, e.g. "the database password"; {@code value} is what must not appear */
    public SecretScan secret(String label, String value) {
        if (value == null || value.length() < 8) {
            throw new IllegalArgumentException(label + ": a secret to search for needs at least 8 characters");
        }
        secrets.put(label, value);
        return this;
    }

    public SecretScan text(String where, String text) {
        texts.merge(where, text == null ? "" : text, (a, b) -> a + "\n" + b);
        return this;
    }

    public SecretScan file(Path file) {
        try {
            return text(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many characters were searched, so a test can show it searched something. */
    public long searchedCharacters() {
        return texts.values().stream().mapToLong(String::length).sum();
    }

    /** Fails listing every place a secret appears. */
    public void assertNoSecretAppears() {
        if (texts.isEmpty()) {
            throw new AssertionError("nothing to search: add the logs and bodies the test saw");
        }
        List<String> hits = new ArrayList<>();
        secrets.forEach((label, value) -> texts.forEach((where, text) -> {
            int at = text.indexOf(value);
            if (at >= 0) {
                String around = text.substring(Math.max(0, at - CONTEXT), Math.min(text.length(), at + value.length() + CONTEXT))
                        .replace(value, "<" + label + ">");
                hits.add(label + " in " + where + ": …" + around + "…");
            }
        }));
        if (!hits.isEmpty()) {
            throw new AssertionError("secrets found:\n" + String.join("\n", hits));
        }
    }
}
