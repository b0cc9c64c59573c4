package org.fl4j.protocol.codec;

import java.util.Map;

/** A codec stage: its wire name and the parameters it was made with (they travel in codec_metadata). */
public interface Stage {

    String name();

    /** The parameters as they travel: name to integer value. */
    Map<String, Long> params();
}
