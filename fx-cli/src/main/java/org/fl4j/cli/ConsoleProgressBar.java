package org.fl4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.fl4j.collaborator.spi.TrainingProgress;

/**
 * A one-line progress bar for training epochs, redrawn in place on a terminal:
 * {@code train epoch 1/1 [##########..........] 2016/4000 1043 samples/s ETA 2 s}. Redraws at most ten
 * times a second; the line is finished with the epoch's loss.
 */
final class ConsoleProgressBar implements TrainingProgress {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final LongSupplier nanoTime;
    private String label = "";
    private long total;
    private long done;
    private long startNanos;
    private long lastDraw;

    ConsoleProgressBar(PrintWriter out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
    }

    /** A bar on the process's terminal, or nothing when stderr is not a terminal (log lines only then). */
    static TrainingProgress forTerminal(PrintWriter err) {
        return System.console() != null ? new ConsoleProgressBar(err, System::nanoTime) : TrainingProgress.NONE;
    }

    @Override
    public void epochStarted(String task, int epoch, int epochs, long samples) {
        label = String.format(Locale.ROOT, "%s epoch %d/%d", task, epoch, epochs);
        total = samples;
        done = 0;
        startNanos = nanoTime.getAsLong();
        lastDraw = startNanos - REDRAW_NANOS;
        draw("");
    }

    @Override
    public void samplesDone(long samples) {
        done = samples;
        if (nanoTime.getAsLong() - lastDraw >= REDRAW_NANOS || samples >= total) {
            draw("");
        }
    }

    @Override
    public void epochFinished(double loss) {
        done = total;
        draw(String.format(Locale.ROOT, " loss %.4f", loss));
        out.println();
        out.flush();
    }

    private void draw(String suffix) {
        long now = nanoTime.getAsLong();
        lastDraw = now;
        double seconds = (now - startNanos) / 1e9;
        int filled = total == 0 ? WIDTH : (int) (WIDTH * Math.min(done, total) / total);
        StringBuilder line = new StringBuilder("\r").append(label).append(" [");
        line.append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
        line.append(done).append('/').append(total);
        if (seconds > 0 && done > 0) {
            double rate = done / seconds;
            line.append(String.format(Locale.ROOT, " %.0f samples/s", rate));
            if (done < total) {
                line.append(String.format(Locale.ROOT, " ETA %.0f s", (total - done) / rate));
            }
        }
        out.print(line.append(suffix).append("\u001b[K"));
        out.flush();
    }
}
