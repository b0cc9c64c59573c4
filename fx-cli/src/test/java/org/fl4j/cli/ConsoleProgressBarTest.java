package org.fl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressBarTest {

    private final StringWriter text = new StringWriter();
    private final AtomicLong clock = new AtomicLong();
    private final ConsoleProgressBar bar = new ConsoleProgressBar(new PrintWriter(text), clock::get);

    @Test
    void epoch_drawsFillRateAndEta_thenEndsWithLoss() {
        bar.epochStarted("train", 1, 2, 4000);
        clock.addAndGet(2_000_000_000L);
        bar.samplesDone(2000);

        String mid = lastRedraw();
        assertThat(mid).startsWith("train epoch 1/2 [############............] 2000/4000")
                .contains("1000 samples/s", "ETA 2 s");

        clock.addAndGet(2_000_000_000L);
        bar.epochFinished(0.1234);
        assertThat(lastRedraw()).contains("[########################] 4000/4000", "1000 samples/s", "loss 0.1234")
                .doesNotContain("ETA");
        assertThat(text.toString()).endsWith(System.lineSeparator());
    }

    @Test
    void samplesDone_withinATenthOfASecond_doesNotRedraw() {
        bar.epochStarted("train", 1, 1, 100);
        int draws = count();
        clock.addAndGet(10_000_000L);
        bar.samplesDone(10);
        bar.samplesDone(20);
        assertThat(count()).isEqualTo(draws);
        clock.addAndGet(100_000_000L);
        bar.samplesDone(30);
        assertThat(count()).isEqualTo(draws + 1);
    }

    private int count() {
        return text.toString().split("\r", -1).length - 1;
    }

    private String lastRedraw() {
        String all = text.toString();
        return all.substring(all.lastIndexOf('\r') + 1).replace("\u001b[K", "").strip();
    }
}
