package org.fl4j.secagg.client;

import org.fl4j.secagg.shamir.Share;

/** The two shares a neighbour encrypted for this collaborator: of its self-mask seed and of its mask key. */
record Received(Share seed, Share maskKey) {
}
