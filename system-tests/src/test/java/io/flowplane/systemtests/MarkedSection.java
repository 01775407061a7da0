package io.flowplane.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A part of a Markdown page that a script writes, between {@code <!-- NAME:begin -->} and {@code <!-- NAME:end -->},
 * so that figures in a hand-written page come from the run that measured them.
 */
record MarkedSection(String name) {
    static MarkedSection named(String name) {
        return new MarkedSection(name);
    }

    String begin() {
        return "<!-- " + name + ":begin -->";
    }

    String end() {
        return "<!-- " + name + ":end -->";
    }

    /** The page with the section's content replaced; the markers stay. */
    String replace(String page, String content) {
        int from = page.indexOf(begin());
        int to = page.indexOf(end());
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("the page has no section between " + begin() + " and " + end());
        }
        String body = content.endsWith("\n") ? content : content + "\n";
        return page.substring(0, from + begin().length()) + "\n" + body + page.substring(to);
    }

    void replaceIn(Path page, String content) throws IOException {
        Files.writeString(page, replace(Files.readString(page), content));
    }
}
