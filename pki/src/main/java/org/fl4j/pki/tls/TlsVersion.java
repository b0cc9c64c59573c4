package org.fl4j.pki.tls;

import java.util.List;

/** The lowest TLS version an endpoint accepts. TLS 1.3 unless a plan explicitly allows 1.2. */
public enum TlsVersion {
    /** TLS 1.3 only (the default). */
    TLS_1_3(List.of("TLSv1.3")),
    /** TLS 1.3 or 1.2, for peers that cannot do 1.3. */
    TLS_1_2(List.of("TLSv1.3", "TLSv1.2"));

    private final List<String> protocols;

    TlsVersion(List<String> protocols) {
        this.protocols = protocols;
    }

    /** The JSSE protocol names enabled. */
    public List<String> protocols() {
        return protocols;
    }

    /** Parses "1.3" / "TLSv1.3" / "1.2" / "TLSv1.2". */
    public static TlsVersion parse(String text) {
        return switch (text.trim().replaceFirst("(?i)^tlsv?", "")) {
            case "1.3" -> TLS_1_3;
            case "1.2" -> TLS_1_2;
            default -> throw new IllegalArgumentException("unsupported minimum TLS version '" + text
                    + "': choose 1.3 (default) or 1.2");
        };
    }
}
