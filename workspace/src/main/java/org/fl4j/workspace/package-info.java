/**
 * Workspaces: the folder an fl4j site works in. {@link org.fl4j.workspace.WorkspaceCreator} makes a new one
 * from the bundled skeleton and a template ({@link org.fl4j.workspace.Templates} lists them from the
 * templates jar's index), building it beside the target and moving it into place so a failure leaves
 * nothing behind; {@link org.fl4j.workspace.DirectoryTree} renders what was made. Sub-packages export and
 * import workspaces and build container images.
 */
package org.fl4j.workspace;
