package org.fl4j.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.fl4j.aggregator.dashboard.DashboardSettings;
import org.fl4j.pki.Pem;
import org.fl4j.pki.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless {@code chromium}, driven through its {@code chromedriver}
 * with Selenium (both installed with apt-get when missing and the test runs as root, as CI does; skipped
 * otherwise), against a federation over loopback mutual TLS. The browser trusts only the aggregator's key
 * (its SPKI hash), not any certificate. The page must show the round and the last round's accuracy and follow
 * the next round without a reload; the screenshot is kept as target/dashboard/dashboard.png.
 */
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path pkiDir;
    static TestPki pki;

    @TempDir
    Path workspace;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(pkiDir, TestFederations.COLLABORATORS.toArray(String[]::new));
    }

    @Test
    void dashboard_headlessChromium_showsRoundAndLastAccuracyAndFollowsTheNextRound() throws Exception {
        assumeTrue(browserAvailable(), "skipped: /usr/bin/chromium or /usr/bin/chromedriver is missing and the test"
                + " is not running as root, so it cannot apt-get install chromium chromium-driver");
        try (DashboardFederation f = new DashboardFederation(pki, workspace, 3, DashboardSettings.Access.LOCALHOST)) {
            f.round();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--window-size=1280,1100",
                    "--user-data-dir=" + workspace.resolve("chromium-profile"),
                    "--ignore-certificate-errors-spki-list=" + spkiHash(pki.server().certificate()));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver browser = new ChromeDriver(service, options);
            try {
                browser.get(f.url("/"));
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                String accuracy0 = String.format(Locale.ROOT, "%.4f", ScriptedSite.meanAccuracy(0, false));
                wait.until(d -> accuracy0.equals(d.findElement(By.id("accuracy")).getText()));
                assertThat(browser.findElement(By.id("round")).getText()).isEqualTo("1 of 3");
                assertThat(browser.findElement(By.id("headline-round")).getText()).isEqualTo("aggregated, round 0");
                assertThat(browser.findElement(By.id("collaborators")).getText()).contains("alpha", "bravo",
                        "charlie");

                f.round();
                String accuracy1 = String.format(Locale.ROOT, "%.4f", ScriptedSite.meanAccuracy(1, false));
                wait.until(d -> accuracy1.equals(d.findElement(By.id("accuracy")).getText()));
                assertThat(browser.findElement(By.id("round")).getText()).isEqualTo("2 of 3");
                assertThat(browser.findElement(By.id("updated")).getText()).startsWith("updated");

                Path shot = Path.of("target", "dashboard", "dashboard.png");
                Files.createDirectories(shot.getParent());
                Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
                assertThat(Files.size(shot)).isGreaterThan(10_000);
            } finally {
                browser.quit();
            }
        }
    }

    /** Base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo, as chromium's SPKI allow-list takes it. */
    private static String spkiHash(Path certificate) throws Exception {
        byte[] spki = Pem.readCertificate(certificate).getPublicKey().getEncoded();
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
    }

    private static boolean browserAvailable() throws Exception {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER)) {
            return true;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        Process p = new ProcessBuilder("sh", "-c", "apt-get install -y -q chromium chromium-driver || (apt-get"
                + " update -q && apt-get install -y -q chromium chromium-driver)").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor(15, TimeUnit.MINUTES);
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    }
}
