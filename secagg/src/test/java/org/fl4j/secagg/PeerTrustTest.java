package org.fl4j.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.fl4j.pki.Pem;
import org.junit.jupiter.api.Test;

class PeerTrustTest {

    private final TestSites sites = TestSites.get();

    @Test
    void collaborator_ourCertificate_acceptedOnceAndRemembered() {
        SiteIdentity a = sites.identity("site-0000");
        PeerTrust trust = sites.trust();

        assertThat(trust.collaborator(a.certificateDer(), "site-0000")).isEqualTo(a.certificate());
        assertThat(trust.collaborator(a.certificateDer(), "site-0000")).isEqualTo(a.certificate());
        assertThatThrownBy(() -> trust.collaborator(a.certificateDer(), "site-0001"))
                .hasMessage("the certificate relayed for 'site-0001' belongs to 'site-0000' (its CN)");
    }

    @Test
    void collaborator_expiredOrNotYetValid_refusedAtTheClocksTime() throws Exception {
        byte[] expired = Pem.readCertificate(sites.pki().expiredClient("old-site").certificate()).getEncoded();
        SiteIdentity a = sites.identity("site-0000");
        PeerTrust future = PeerTrust.of(sites.pki().ca().chain(),
                Clock.fixed(Instant.now().plus(Duration.ofDays(400)), ZoneOffset.UTC));

        assertThatThrownBy(() -> sites.trust().collaborator(expired, "old-site"))
                .hasMessageContaining("does not chain to the federation's root CA");
        assertThatThrownBy(() -> future.collaborator(a.certificateDer(), "site-0000"))
                .hasMessageContaining("does not chain to the federation's root CA");
    }

    @Test
    void collaborator_aggregatorOrCaCertificate_isNotACollaborator() throws Exception {
        byte[] aggregator = Pem.readCertificate(sites.pki().server().certificate()).getEncoded();
        byte[] signingCa = sites.pki().ca().signing().getEncoded();

        assertThatThrownBy(() -> sites.trust().collaborator(aggregator, "localhost"))
                .hasMessageContaining("is not a collaborator certificate");
        assertThatThrownBy(() -> sites.trust().collaborator(signingCa, "x"))
                .isInstanceOf(SecAggException.class);
    }

    @Test
    void of_chainWithoutOneRoot_refused() {
        assertThatThrownBy(() -> PeerTrust.of(java.util.List.of(sites.pki().ca().signing()), Clock.systemUTC()))
                .hasMessage("the trusted chain must hold exactly one root CA certificate, found 0");
    }

    @Test
    void fromFile_certChain_trustsOurCertificates() {
        PeerTrust trust = PeerTrust.fromFile(sites.pki().chain(), Clock.systemUTC());
        assertThat(trust.collaborator(sites.identity("site-0001").certificateDer(), "site-0001")).isNotNull();
    }

    @Test
    void siteIdentity_keyOfAnotherCertificate_refused() {
        SiteIdentity a = sites.identity("site-0000");
        SiteIdentity b = sites.identity("site-0001");
        assertThatThrownBy(() -> new SiteIdentity("site-0000", a.certificate(), b.privateKey()))
                .hasMessage("the private key of 'site-0000' does not belong to its certificate");
        assertThatThrownBy(() -> new SiteIdentity("site-0001", a.certificate(), a.privateKey()))
                .hasMessage("the certificate of 'site-0001' has CN 'site-0000'");
    }
}
