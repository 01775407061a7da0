package io.flowplane.testkit.aws;

/** Writes the small XML documents of the AWS Query API. */
final class Xml {
    private final StringBuilder out = new StringBuilder();

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** An element with text; nothing when the value is null, as AWS leaves absent fields out. */
    Xml text(String name, Object value) {
        if (value != null) {
            out.append('<').append(name).append('>').append(escape(String.valueOf(value))).append("</").append(name).append('>');
        }
        return this;
    }

    Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
