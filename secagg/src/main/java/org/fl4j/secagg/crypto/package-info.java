/**
 * The cryptographic building blocks of secure aggregation, all from the JDK: X25519 key agreement ("XDH"),
 * HKDF-SHA256 (RFC 5869, a few lines over HmacSHA256), AES-256-GCM for shares, SHA-256, and signatures with a
 * site's certificate key (SHA384withECDSA or SHA384withRSA, as the PKI issues them). Every value signed, derived
 * or authenticated is a {@link org.fl4j.secagg.crypto.Transcript}: a domain-separation label from
 * {@link org.fl4j.secagg.crypto.Labels} followed by length-prefixed fields. Internal to the secagg module and its
 * tests; not an API for other modules.
 */
package org.fl4j.secagg.crypto;
