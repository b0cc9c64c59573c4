package org.fl4j.workspace.archive;

/** A workspace file an export did not include, and why. */
public record LeftOut(String path, String reason) {
}
