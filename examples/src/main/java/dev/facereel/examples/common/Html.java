package dev.facereel.examples.common;

/** HTML escaping for text and attribute values. */
public final class Html {
    private Html() {
    }

    /** {@code s} with {@code & < > " '} escaped; null is empty. */
    public static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }
}
