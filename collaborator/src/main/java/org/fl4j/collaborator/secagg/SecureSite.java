package org.fl4j.collaborator.secagg;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.secagg.PeerTrust;
import org.fl4j.secagg.SiteIdentity;

/**
 * What a collaborator's secure-aggregation rounds share: the frozen plan's settings, the site's identity (its
 * certificate and private key, which sign its round keys) and trust in the federation's CA (which its
 * neighbours' relayed certificates must chain to).
 */
public record SecureSite(SecureAggregationSettings settings, SiteIdentity identity, PeerTrust trust) {

    public SecureSite {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(trust, "trust");
    }

    /**
     * The site of collaborator {@code name} from its PKI files.
     *
     * @throws org.fl4j.secagg.SecAggException (CONFIGURATION) naming a file that cannot be read or does not fit
     */
    public static SecureSite fromFiles(SecureAggregationSettings settings, String name, Path certificate,
            Path privateKey, Path certChain, Clock clock) {
        return new SecureSite(settings, SiteIdentity.fromFiles(name, certificate, privateKey),
                PeerTrust.fromFile(certChain, clock));
    }
}
