package org.fl4j.workspace.archive;

import java.nio.file.Path;
import java.util.List;

/** What an export wrote: the archive, its manifest, and every file it left out with the reason. */
public record ExportReport(Path archive, Manifest manifest, List<LeftOut> leftOut) {

    public ExportReport {
        leftOut = List.copyOf(leftOut);
    }
}
