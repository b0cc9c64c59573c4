/**
 * The fl4j public key infrastructure: a two-level certificate authority per workspace (a root CA that
 * signs only the signing CA, which signs aggregator and collaborator certificates), key pairs and
 * certificate signing requests, the request and signed packages that carry them between sites, and the
 * certificate revocation list.
 *
 * <p>Files follow OpenFL's workspace layout ({@link org.fl4j.pki.PkiLayout}). Private keys are PKCS#8 PEM
 * files readable by their owner only (mode 0600) and are never printed. Every check that can refuse an input
 * runs before anything is written, so a refused operation leaves the workspace as it was.
 */
package org.fl4j.pki;
