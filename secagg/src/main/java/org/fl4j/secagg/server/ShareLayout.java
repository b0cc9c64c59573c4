package org.fl4j.secagg.server;

import org.fl4j.secagg.crypto.ShareCipher;
import org.fl4j.secagg.shamir.Share;

/** Sizes of an encrypted share: the self-seed share and the mask-key share, then the GCM tag. */
final class ShareLayout {

    static final int CIPHERTEXT_BYTES = 2 * Share.Y_BYTES + ShareCipher.TAG_BYTES;

    private ShareLayout() {
    }
}
