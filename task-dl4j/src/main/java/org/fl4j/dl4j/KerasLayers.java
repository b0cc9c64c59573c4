package org.fl4j.dl4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Names the Keras layers DL4J cannot import, by layer name and type: Lambda layers (Python code, refused
 * before import) and layer types DL4J's Keras import does not have (from DL4J's "Unsupported keras layer
 * type" message, whose layers are looked up in the model configuration).
 */
final class KerasLayers {

    private static final Pattern UNSUPPORTED =
            Pattern.compile("Unsupported keras layer type ([A-Za-z0-9_>.]+?)\\.?(?:\\s|$)");

    private KerasLayers() {
    }

    /** Lambda layers wrap Python code: DL4J imports them only as Java code registered in advance. */
    static void refuseLambda(Path file, JsonNode config) throws ModelException {
        for (JsonNode layer : layers(config)) {
            if ("Lambda".equals(layer.path("class_name").asText())) {
                throw new ModelException(file + ": DL4J cannot import this Keras model: layer '" + name(layer)
                        + "' is a Lambda layer, whose Python code DL4J cannot run: express it with built-in"
                        + " Keras layers");
            }
        }
    }

    /** DL4J's import failure message, rewritten to name the layers when it is about a type DL4J lacks. */
    static String explain(String message, JsonNode config) {
        Matcher m = UNSUPPORTED.matcher(message);
        if (!m.find()) {
            return message;
        }
        String type = m.group(1);
        List<String> names = new ArrayList<>();
        for (JsonNode layer : layers(config)) {
            if (type.equals(layer.path("class_name").asText())) {
                names.add("'" + name(layer) + "'");
            }
        }
        return (names.isEmpty() ? "a layer" : names.size() == 1 ? "layer " + names.get(0)
                : "layers " + String.join(", ", names)) + " of type " + type + ", which DL4J's Keras import does"
                + " not have: replace it with a layer DL4J imports, or define the model as a DL4J configuration"
                + " or Java class";
    }

    /** The layers of a Keras model configuration (Sequential, in either of Keras 2's forms, or Functional). */
    private static Iterable<JsonNode> layers(JsonNode config) {
        JsonNode c = config.path("config");
        return c.isArray() ? c : c.path("layers");
    }

    private static String name(JsonNode layer) {
        String name = layer.path("config").path("name").asText("");
        return name.isEmpty() ? layer.path("name").asText("?") : name;
    }
}
