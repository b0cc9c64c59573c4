package org.fl4j.workspace.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts what an entry really unpacks to and refuses it the moment it exceeds its manifest size or the
 * archive exceeds the import limit, whatever the tar headers claim (a decompression bomb stops here).
 */
final class BoundedInputStream extends FilterInputStream {

    private final String entry;
    private final long maxEntry;
    private final long maxTotal;
    private final long[] total;
    private long count;

    BoundedInputStream(InputStream in, String entry, long maxEntry, long maxTotal, long[] total) {
        super(in);
        this.entry = entry;
        this.maxEntry = maxEntry;
        this.maxTotal = maxTotal;
        this.total = total;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public void close() {
        // the tar stream stays open for the next entry
    }

    private void add(int n) {
        count += n;
        total[0] += n;
        if (count > maxEntry) {
            throw new ArchiveRefusedException(entry, "holds more bytes than the manifest's " + maxEntry);
        }
        if (total[0] > maxTotal) {
            throw new ArchiveRefusedException(entry, "the archive unpacks to more than the import limit of "
                    + maxTotal + " bytes");
        }
    }
}
