package org.fl4j.workspace.archive;

/**
 * Bounds an import will not exceed, whatever an archive claims: total bytes unpacked (a decompression bomb
 * stops here), number of entries and manifest size.
 */
public record ArchiveLimits(long maxTotalBytes, int maxEntries, int maxManifestBytes) {

    /** 8 GiB, 100,000 entries, 16 MiB of manifest. */
    public static final ArchiveLimits DEFAULT = new ArchiveLimits(8L << 30, 100_000, 16 << 20);

    public ArchiveLimits {
        if (maxTotalBytes <= 0 || maxEntries <= 0 || maxManifestBytes <= 0) {
            throw new IllegalArgumentException("archive limits must be positive");
        }
    }

    public ArchiveLimits withMaxTotalBytes(long bytes) {
        return new ArchiveLimits(bytes, maxEntries, maxManifestBytes);
    }
}
