package io.flowplane.testkit.aws;

/** An AWS error answer: the HTTP status, the error code the SDK maps to an exception, and the message. */
public final class AwsFault extends RuntimeException {
    private final int status;
    private final String code;

    public AwsFault(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The Query API's error document. */
    String toXml(String namespace, String requestId) {
        return "<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>" + (status >= 500 ? "Receiver" : "Sender")
                + "</Type><Code>" + Xml.escape(code) + "</Code><Message>" + Xml.escape(getMessage())
                + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
    }
}
