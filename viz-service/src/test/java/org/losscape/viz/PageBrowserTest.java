package org.losscape.viz;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.losscape.messages.SurfacePlanned;
import org.losscape.testsupport.InfrastructureResource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web page in headless Chromium, served by the running service: a surface is drawn as
 * contour, heatmap and 3-D surface, and new points appear while the page is open.
 *
 * <p>Uses Debian's {@code chromium} and {@code chromium-driver} at fixed paths; Selenium
 * Manager is never asked for a driver or browser (nothing is downloaded). Skipped only when
 * the driver is not installed. Screenshots go to {@code target/}.
 */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class PageBrowserTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static Publisher publisher;
    private static ChromeDriver browser;
    private static Path profile;

    @TestHTTPResource("/")
    URL page;

    @BeforeAll
    static void startBrowser() throws IOException {
        Path driver = Path.of(System.getProperty("chromedriver.path", "/usr/bin/chromedriver"));
        Assumptions.assumeTrue(
                Files.isExecutable(driver),
                driver + " is missing: install Debian's chromium and chromium-driver");

        profile = Files.createTempDirectory("losscape-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--window-size=1440,1400");
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(driver.toFile())
                        .usingAnyFreePort()
                        .build();
        browser = new ChromeDriver(service, options);
        publisher = new Publisher();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void page_completedSurfaceSelected_drawsContourHeatmapAndSurface() throws IOException {
        String runId = Fixtures.newId("page-run");
        for (int epoch = 0; epoch <= 5; epoch++) {
            publisher.checkpoint(Fixtures.checkpoint(runId, epoch, 5));
        }
        SurfacePlanned plan = publishBowl(Fixtures.newId("bowl"), 21, 15);
        awaitDone(plan.surfaceId(), 21 * 15);

        browser.get(page.toString());
        select(plan.surfaceId());

        awaitText("progress-text", "315 / 315");
        awaitPresent("#plot .main-svg");
        awaitPresent("#plot .contourlayer g.contour");
        awaitPresent("#run-list .run-item[data-id='" + runId + "'] svg.sparkline path");
        screenshot("viz-page-contour.png");

        browser.findElement(By.cssSelector("[data-view='heatmap']")).click();
        awaitPresent("#plot .heatmaplayer .hm image");
        browser.findElement(By.id("log-scale")).click();
        awaitPresent("#plot .heatmaplayer .hm image");
        screenshot("viz-page-heatmap-log.png");

        browser.findElement(By.cssSelector("[data-view='surface']")).click();
        awaitPresent("#plot .gl-container");
        screenshot("viz-page-surface.png");
    }

    @Test
    void page_pointsArriveWhileOpen_progressAndPlotUpdateLive() throws IOException {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("live"), 6, 4);
        publisher.planned(plan);
        publisher.values(Fixtures.chunk(plan, 0, 0, 6));
        awaitDone(plan.surfaceId(), 6);

        browser.get(page.toString());
        select(plan.surfaceId());
        awaitText("progress-text", "6 / 24");
        awaitPresent("#plot .main-svg");
        int drawnBefore = drawnCells();

        publisher.values(Fixtures.chunk(plan, 1, 6, 6));
        awaitText("progress-text", "12 / 24");
        publisher.values(
                Fixtures.chunk(plan, 2, 12, 12, index -> index == 13 ? Double.NaN : 2.0));

        awaitText("progress-text", "24 / 24");
        await().atMost(TIMEOUT).until(() -> drawnCells() == 23);
        await().atMost(TIMEOUT)
                .until(() -> listProgress(plan.surfaceId()).equals("24 / 24"));
        assertTrue(drawnBefore == 6, "6 cells drawn before, got " + drawnBefore);
        assertEquals(
                "1",
                metaValue("non-finite points"),
                "the NaN point is counted, not dropped");
        screenshot("viz-page-live.png");
    }

    private static SurfacePlanned publishBowl(String surfaceId, int xPoints, int yPoints) {
        SurfacePlanned plan = Fixtures.plan(surfaceId, xPoints, yPoints);
        publisher.planned(plan);
        int total = xPoints * yPoints;
        for (int first = 0, chunk = 0; first < total; first += 64, chunk++) {
            int count = Math.min(64, total - first);
            publisher.values(
                    Fixtures.chunk(
                            plan,
                            chunk,
                            first,
                            count,
                            index -> {
                                double alpha = plan.grid().x().coordinate(index / yPoints);
                                double beta = plan.grid().y().coordinate(index % yPoints);
                                return 0.3 + 2 * alpha * alpha + 5 * beta * beta
                                        + 0.3 * Math.sin(6 * alpha) * Math.cos(5 * beta);
                            }));
        }
        return plan;
    }

    private static void awaitDone(String surfaceId, int points) {
        await().atMost(TIMEOUT)
                .until(() -> given().get("/api/surfaces/" + surfaceId).statusCode() == 200
                        && given().get("/api/surfaces/" + surfaceId).jsonPath()
                                .getInt("pointsDone") == points);
    }

    private void select(String surfaceId) {
        By item = By.cssSelector("#surface-list .surface-item[data-id='" + surfaceId + "']");
        await().atMost(TIMEOUT).until(() -> !browser.findElements(item).isEmpty());
        await().atMost(TIMEOUT)
                .ignoreExceptions()
                .until(() -> {
                    browser.findElement(item).click();
                    return browser.findElement(By.id("surface-title")).getText()
                            .equals(surfaceId);
                });
    }

    private static void awaitText(String id, String text) {
        await().atMost(TIMEOUT)
                .ignoreExceptions()
                .until(() -> browser.findElement(By.id(id)).getText().equals(text));
    }

    private static void awaitPresent(String css) {
        await().atMost(TIMEOUT)
                .until(() -> !browser.findElements(By.cssSelector(css)).isEmpty());
    }

    private static String listProgress(String surfaceId) {
        List<WebElement> found =
                browser.findElements(
                        By.cssSelector(
                                "#surface-list .surface-item[data-id='"
                                        + surfaceId
                                        + "'] .surface-progress"));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    private static String metaValue(String label) {
        for (WebElement item : browser.findElements(By.cssSelector("#surface-meta div"))) {
            if (item.findElement(By.tagName("dt")).getText().equalsIgnoreCase(label)) {
                return item.findElement(By.tagName("dd")).getText();
            }
        }
        return "";
    }

    /** Cells with a value in the drawn trace: grows as points arrive. */
    private static int drawnCells() {
        Object count =
                browser.executeScript(
                        "const d = document.getElementById('plot').data;"
                                + "if (!d || !d.length) return 0;"
                                + "return d[0].z.flat().filter(v => v !== null).length;");
        return ((Number) count).intValue();
    }

    private static void screenshot(String name) throws IOException {
        Path target = Path.of(System.getProperty("screenshot.dir", "target"), name);
        Files.createDirectories(target.getParent());
        Files.copy(
                browser.getScreenshotAs(OutputType.FILE).toPath(),
                target,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
