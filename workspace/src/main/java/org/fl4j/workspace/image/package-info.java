/**
 * Container images of a workspace, built with Jib Core as a tarball loadable with {@code docker load}:
 * the fx runtime and the exported workspace, never its keys, certificates, data or logs.
 */
package org.fl4j.workspace.image;
