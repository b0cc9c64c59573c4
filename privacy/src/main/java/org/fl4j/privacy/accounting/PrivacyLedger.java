package org.fl4j.privacy.accounting;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an accountant has composed: the events in the order they happened, each with how many times it
 * happened in a row (consecutive compositions of the same event share one entry). It holds only numbers,
 * so it goes into a checkpoint as they are, and {@code PrivacyAccountant.create(kind).replay(ledger)} gives
 * back an accountant in the same state. {@link #encode()} and {@link #decode(String)} are a text form for
 * checkpoints and logs that round-trips every double exactly.
 *
 * @param entries the composed events, oldest first
 */
public record PrivacyLedger(List<Entry> entries) {

    private static final PrivacyLedger EMPTY = new PrivacyLedger(List.of());

    /**
     * {@code count} consecutive compositions of {@code event}.
     *
     * @param event the mechanism of each step
     * @param count how many steps, >= 1
     */
    public record Entry(PoissonGaussian event, long count) {
        public Entry {
            Objects.requireNonNull(event, "event");
            if (count < 1) {
                throw new IllegalArgumentException("a ledger entry counts at least 1 step, found " + count);
            }
        }
    }

    public PrivacyLedger {
        entries = List.copyOf(entries);
    }

    /** The ledger of an accountant that has composed nothing. */
    public static PrivacyLedger empty() {
        return EMPTY;
    }

    /** This ledger followed by {@code count} more steps of {@code event} (merged into the last entry if equal). */
    public PrivacyLedger plus(PoissonGaussian event, long count) {
        if (count == 0) {
            return this;
        }
        List<Entry> out = new ArrayList<>(entries);
        Entry last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last != null && last.event().equals(event)) {
            out.set(out.size() - 1, new Entry(event, Math.addExact(last.count(), count)));
        } else {
            out.add(new Entry(event, count));
        }
        return new PrivacyLedger(out);
    }

    /** The total number of steps composed. */
    public long steps() {
        return entries.stream().mapToLong(Entry::count).sum();
    }

    /**
     * The ledger as text: one {@code samplingRate noiseMultiplier count} triple an entry, entries separated
     * by {@code ;}, doubles in Java's shortest round-tripping form, e.g. {@code 0.01 1.1 10000}.
     */
    public String encode() {
        StringBuilder out = new StringBuilder();
        for (Entry e : entries) {
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(e.event().samplingRate()).append(' ').append(e.event().noiseMultiplier()).append(' ')
                    .append(e.count());
        }
        return out.toString();
    }

    /** The ledger {@link #encode()} wrote. */
    public static PrivacyLedger decode(String text) {
        List<Entry> entries = new ArrayList<>();
        if (text.isBlank()) {
            return EMPTY;
        }
        for (String part : text.split(";")) {
            String[] f = part.strip().split("\\s+");
            if (f.length != 3) {
                throw new IllegalArgumentException("a privacy ledger entry is 'samplingRate noiseMultiplier count',"
                        + " found '" + part.strip() + "'");
            }
            try {
                entries.add(new Entry(new PoissonGaussian(Double.parseDouble(f[0]), Double.parseDouble(f[1])),
                        Long.parseLong(f[2])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a privacy ledger entry holds numbers, found '" + part.strip()
                        + "'", e);
            }
        }
        return new PrivacyLedger(entries);
    }
}
