package org.fl4j.cli;

import java.util.Iterator;
import org.fl4j.workspace.Templates;

/** The template names, for {@code --template} completion, help and the missing-option message. */
final class TemplateCandidates implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return Templates.names().iterator();
    }
}
