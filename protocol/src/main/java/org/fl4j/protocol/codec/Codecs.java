package org.fl4j.protocol.codec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The registry of codec stages by wire name. Adding a codec is one class and one line in {@link #STAGES}; a
 * name not registered here is refused wherever it appears (a plan, a received TensorSpec) with a message
 * naming it.
 */
public final class Codecs {

    private static final Map<String, Function<Params, Stage>> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put(Fp32.NAME, p -> Fp32.create(p));
        STAGES.put(Fp16.NAME, p -> Fp16.create(p));
        STAGES.put(Bf16.NAME, p -> Bf16.create(p));
        STAGES.put(Int8Blockwise.NAME, Int8Blockwise::create);
        STAGES.put(Nf4.NAME, Nf4::create);
        STAGES.put(TopK.NAME, TopK::create);
        STAGES.put(Lz4.NAME, Lz4::create);
    }

    private Codecs() {
    }

    /** The registered stage names, in registration order. */
    public static Set<String> names() {
        return STAGES.keySet();
    }

    /**
     * The stage {@code name} with {@code params}.
     *
     * @throws CodecException for an unknown name or parameters the stage refuses
     */
    public static Stage stage(String name, Map<String, Long> params) {
        Function<Params, Stage> factory = STAGES.get(name);
        if (factory == null) {
            throw new CodecException("unknown codec '" + name + "' (this build knows " + String.join(", ", names())
                    + ")");
        }
        return factory.apply(new Params(name, params));
    }
}
