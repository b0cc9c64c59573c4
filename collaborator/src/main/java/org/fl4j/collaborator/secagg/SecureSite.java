package org.fl4j.collaborator.secagg;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.fl4j.plan.SecureAggregationSettings;
import org.fl4j.secagg.PeerTrust;
import org.fl4j.secagg.SiteIdentity;
import org.fl4j.secagg.dp.DistributedDp;

/**
 * What a collaborator's secure-aggregation rounds share: the frozen plan's settings, the site's identity (its
 * certificate and private key, which sign its round keys) and trust in the federation's CA (which its
 * neighbours' relayed certificates must chain to), and under client-level DP the distributed noise each of its
 * updates gets before masking.
 */
public record SecureSite(SecureAggregationSettings settings, SiteIdentity identity, PeerTrust trust,
        Optional<DistributedDp> distributedDp) {

    public SecureSite {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(distributedDp, "distributedDp");
    }

    /** A site without distributed DP. */
    public SecureSite(SecureAggregationSettings settings, SiteIdentity identity, PeerTrust trust) {
        this(settings, identity, trust, Optional.empty());
    }

    /** This site adding {@code dp}'s noise share to its updates (none when empty). */
    public SecureSite withDistributedDp(Optional<DistributedDp> dp) {
        return new SecureSite(settings, identity, trust, dp);
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
