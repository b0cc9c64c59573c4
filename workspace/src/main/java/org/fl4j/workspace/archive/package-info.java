/**
 * Workspace archives: how a workspace travels to partner sites. An export holds a manifest (each file's
 * size and SHA-256, and the frozen plan's hash) and only what may leave the site; an import checks every
 * entry against the manifest and the limits before writing anything, and refuses, naming the entry,
 * absolute paths, {@code ..}, links, devices, unlisted entries, hash mismatches and decompression bombs.
 */
package org.fl4j.workspace.archive;
