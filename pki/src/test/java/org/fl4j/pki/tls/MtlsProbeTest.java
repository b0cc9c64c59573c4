package org.fl4j.pki.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import org.fl4j.pki.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MtlsProbeTest {

    @TempDir
    Path dir;

    @Test
    void call_returnsClientCommonName_andRevokedClientIsRefused() throws Exception {
        TestPki pki = TestPki.create(dir, "alice", "bob");
        pki.revoke("bob");

        assertThat(MtlsProbe.call(TlsContexts.server(pki.server()), TlsContexts.client(pki.client("alice")), "localhost"))
                .isEqualTo("alice");
        assertThatThrownBy(() -> MtlsProbe.call(TlsContexts.server(pki.server()), TlsContexts.client(pki.client("bob")),
                "localhost")).isInstanceOf(StatusRuntimeException.class);
    }
}
