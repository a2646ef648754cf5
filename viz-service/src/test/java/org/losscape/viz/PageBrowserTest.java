package org.losscape.viz;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.losscape.messages.Axis;
import org.losscape.messages.ChunkValues;
import org.losscape.messages.GridSpec;
import org.losscape.messages.RunEnded;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.SurfacePlanned.TrajectoryPoint;
import org.losscape.testsupport.InfrastructureResource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web page in headless Chromium, served by the running service: a surface is drawn as
 * contour, heatmap and 3-D surface, new points appear while the page is open, a PCA surface
 * carries its training path, and groups are drawn as an interpolation, 1-D seeds with their
 * spread, or a comparison on one colour scale. A loss ceiling keeps a surface spanning 2.28 to
 * 1.3e8 readable. Runs that failed or were cancelled say so, when and why. Figures are saved
 * as PNG files.
 *
 * <p>Uses Debian's {@code chromium} and {@code chromium-driver} at fixed paths; Selenium
 * Manager is never asked for a driver or browser (nothing is downloaded). The browser resolves
 * no host but {@code localhost}, so the page is shown, and its PNGs written, without any other
 * network. Fails when the browser or its driver is missing (a skipped page test would let the
 * build pass unchecked). Screenshots go to {@code target/}.
 */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class PageBrowserTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** θ*'s loss of the ResNet-56 without skip connections of the paper's figure. */
    private static final double EXPLODING_MIN = 2.28;

    private static Publisher publisher;
    private static ChromeDriver browser;
    private static Path profile;
    private static Path downloads;

    @TestHTTPResource("/")
    URL page;

    @BeforeAll
    static void startBrowser() throws IOException {
        Path driver = Path.of(System.getProperty("chromedriver.path", "/usr/bin/chromedriver"));
        assertTrue(
                Files.isExecutable(driver),
                driver + " is missing: install Debian's chromium-driver (.ci/run installs it)");
        assertTrue(
                Files.isExecutable(CHROMIUM),
                CHROMIUM + " is missing: install Debian's chromium (.ci/run installs it)");

        profile = Files.createTempDirectory("losscape-chromium-");
        downloads = Files.createDirectories(profile.resolve("downloads"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "download.default_directory", downloads.toString(),
                        "download.prompt_for_download", false));
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                // Offline but for the service: a CDN or font request would fail, not load.
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost",
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

    /**
     * Runs that end without finishing leave "training" while the page is open: a failed run's
     * badge and card give the epoch and the trainer's reason, a cancelled run's the epoch, and
     * a run cancelled while queued (an end and no checkpoint) is listed too.
     */
    @Test
    void page_runsFailedOrCancelled_badgesWithEpochAndReasonLive() throws IOException {
        String failed = Fixtures.newId("page-failed-run");
        String cancelled = Fixtures.newId("page-cancelled-run");
        String queued = Fixtures.newId("page-queued-run");
        String reason = "RecordTooLargeException: The message is 514 bytes when serialized";
        for (int epoch = 0; epoch <= 2; epoch++) {
            publisher.checkpoint(Fixtures.checkpoint(failed, epoch, 5));
            publisher.checkpoint(Fixtures.checkpoint(cancelled, epoch, 4));
        }
        browser.get(page.toString());
        await().atMost(TIMEOUT).until(() -> "training".equals(card(failed).get("badge"))
                && "training".equals(card(cancelled).get("badge")));
        String trainingColour = card(failed).get("colour");

        publisher.ended(Fixtures.ended(failed, RunEnded.FAILED, reason, 2, 5));
        publisher.ended(Fixtures.ended(cancelled, RunEnded.CANCELLED, null, 2, 4));
        publisher.ended(Fixtures.ended(queued, RunEnded.CANCELLED, null, null, 3));

        await().atMost(TIMEOUT).until(() -> "failed".equals(card(failed).get("badge"))
                && "cancelled".equals(card(cancelled).get("badge"))
                && "cancelled".equals(card(queued).get("badge")));
        String failedEnd = "Failed after epoch 2 of 5: " + reason;
        Map<String, String> failedCard = card(failed);
        assertEquals(failedEnd, failedCard.get("badgeTitle"));
        assertEquals(failedEnd, failedCard.get("endTitle"));
        assertEquals(failedEnd, failedCard.get("end"), "the whole line, cut only by CSS");
        assertFalse(trainingColour.equals(failedCard.get("colour")),
                "a failed badge looks unlike a training one: " + trainingColour);
        Map<String, String> cancelledCard = card(cancelled);
        assertEquals("Cancelled after epoch 2 of 4", cancelledCard.get("end"));
        assertEquals("Cancelled after epoch 2 of 4", cancelledCard.get("badgeTitle"));
        Map<String, String> queuedCard = card(queued);
        assertEquals("Cancelled before its first checkpoint", queuedCard.get("end"));
        assertTrue(queuedCard.get("sub").endsWith("no checkpoint yet"), queuedCard.get("sub"));
        assertTrue(queuedCard.get("stats").startsWith("test accuracy –"),
                queuedCard.get("stats"));
        screenshot("viz-page-runs-ended.png");
    }

    /**
     * A surface with a chunk the workers gave up on says so while the page is open: a red
     * "failed" badge beside its state and a line with the points missing and the reason.
     */
    @Test
    void page_surfaceChunkDeadLettered_failedBadgeAndReasonLive() {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("page-dead-letter"), 2, 2);
        String reason = "IllegalArgumentException: evaluation set larger than the worker's";
        publisher.planned(plan);
        publisher.values(Fixtures.chunk(plan, 0, 0, 2));
        awaitDone(plan.surfaceId(), 2);
        browser.get(page.toString());
        awaitPresent("#surface-list .surface-item[data-id='" + plan.surfaceId() + "']");
        assertEquals(Map.of(), surfaceFailure(plan.surfaceId()), "no failure yet");

        publisher.deadLettered(new SurfaceChunk(plan, 1, 2, 2), reason);

        String failure = "2 points could not be evaluated: " + reason;
        await().atMost(TIMEOUT).until(() -> failure.equals(
                surfaceFailure(plan.surfaceId()).get("line")));
        Map<String, String> shown = surfaceFailure(plan.surfaceId());
        assertEquals("failed", shown.get("badge"));
        assertEquals(failure, shown.get("badgeTitle"));
        assertEquals("rgb(179, 38, 30)", shown.get("colour"));
    }

    /**
     * The address names the view, and the view follows it in an open tab: a link pasted into
     * the address bar, back and forward. An id the server does not know is named in a note,
     * and opens once a surface of that id arrives.
     */
    @Test
    void page_addressChangedInOpenTab_viewFollowsLinksBackForwardAndNamesUnknownIds()
            throws IOException {
        String first = publishBowl(Fixtures.newId("hash-a"), 5, 5).surfaceId();
        String second = publishBowl(Fixtures.newId("hash-b"), 5, 5).surfaceId();
        String groupId = Fixtures.newId("hash-seeds");
        for (long seed = 1; seed <= 2; seed++) {
            SurfacePlanned line = Fixtures.line(groupId + "-s" + seed, groupId, seed, 11);
            publisher.planned(line);
        }
        awaitDone(first, 25);
        awaitDone(second, 25);
        awaitPlanned(groupId + "-s2");

        browser.get("about:blank");
        browser.get(page + "#surface=" + first);
        awaitText("surface-title", first);
        followLink("surface=" + second);
        awaitText("surface-title", second);
        awaitText("progress-text", "25 / 25");
        followLink("group=" + groupId);
        awaitText("surface-title", groupId);

        browser.navigate().back();
        awaitText("surface-title", second);
        browser.navigate().back();
        awaitText("surface-title", first);
        browser.navigate().forward();
        awaitText("surface-title", second);

        String unknown = Fixtures.newId("not-planned");
        followLink("surface=" + unknown);
        await().atMost(TIMEOUT)
                .until(() -> browser.findElement(By.id("placeholder")).isDisplayed()
                        && text("placeholder-text").contains(unknown));
        assertTrue(text("placeholder-text").startsWith("Unknown surface"), text("placeholder"));
        assertFalse(browser.findElement(By.id("surface-view")).isDisplayed());
        screenshot("viz-page-unknown-surface.png");

        publisher.planned(Fixtures.plan(unknown, 2, 2));
        awaitText("surface-title", unknown);
    }

    @Test
    void page_openedWithUnknownSurfaceLink_noteNamesTheId() throws IOException {
        String unknown = Fixtures.newId("does-not-exist");
        publishBowl(Fixtures.newId("known"), 3, 3);

        browser.get("about:blank");
        browser.get(page + "#surface=" + unknown);

        await().atMost(TIMEOUT)
                .until(() -> text("placeholder-text").contains(unknown));
        assertTrue(text("placeholder-text").startsWith("Unknown surface"), text("placeholder"));
        assertFalse(browser.findElement(By.id("surface-view")).isDisplayed());
    }

    @Test
    void page_colourBar_clearOfPlotlysModeBarInEveryView() throws IOException {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("bar"), 21, 21);
        publisher.planned(plan);
        Fixtures.allChunks(plan, 64, PageBrowserTest::exploding, (a, b) -> 0.1)
                .forEach(publisher::values);
        awaitDone(plan.surfaceId(), 441);

        browser.get(page.toString());
        select(plan.surfaceId());
        awaitText("progress-text", "441 / 441");
        for (String view : List.of("contour", "heatmap", "surface")) {
            browser.findElement(By.cssSelector("[data-view='" + view + "']")).click();
            await().atMost(TIMEOUT).until(() -> view.equals(fullTraceText("type")));
            awaitPresent("#plot .colorbar");

            List<Number> bar = rectangle("#plot .colorbar");
            List<Number> modeBar = rectangle("#plot .modebar");
            assertTrue(modeBar.get(2).doubleValue() > 0, "the mode bar is laid out: " + modeBar);
            assertFalse(overlap(bar, modeBar),
                    view + ": colour bar " + bar + " overlaps the mode bar " + modeBar);
            assertTrue(bar.get(1).doubleValue() >= rectangle("#plot").get(1).doubleValue(),
                    view + ": the colour bar's top is inside the figure: " + bar);
        }
        screenshot("viz-page-colour-bar-3d.png");
        browser.findElement(By.cssSelector("[data-view='contour']")).click();
    }

    @Test
    void page_beforeTheFirstAnswer_loadingStateNotEmptyLists() throws IOException {
        String runId = Fixtures.newId("loading-run");
        publisher.checkpoint(Fixtures.checkpoint(runId, 0, 3));
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("loading"), 6, 4);
        publisher.planned(plan);
        publisher.values(Fixtures.chunk(plan, 0, 0, 6));
        awaitDone(plan.surfaceId(), 6);

        String hold = holdEventStreams();
        try {
            browser.get(page.toString());
            awaitPresent("#run-list li.loading");

            assertTrue(text("run-list").startsWith("Loading"), text("run-list"));
            assertTrue(text("surface-list").startsWith("Loading"), text("surface-list"));
            assertFalse(text("run-list").contains("No training runs yet"), text("run-list"));
            assertFalse(text("surface-list").contains("No surfaces yet"),
                    text("surface-list"));
            assertTrue(text("placeholder").startsWith("Loading"), text("placeholder"));
            screenshot("viz-page-loading.png");

            release("api/events");
            select(plan.surfaceId());
            assertEquals("6 / 24", text("progress-text"),
                    "the count from the list at once, not 0 / 0, while the values load");
            assertTrue(browser.findElement(By.id("plot-note")).isDisplayed());
            assertTrue(text("plot-note").startsWith("Loading"), text("plot-note"));
            awaitPresent("#run-list .run-item[data-id='" + runId + "']");

            release("api/surfaces/");
            awaitPresent("#plot .main-svg");
            await().atMost(TIMEOUT)
                    .until(() -> !browser.findElement(By.id("plot-note")).isDisplayed());
            assertEquals(6, drawnCells());
        } finally {
            browser.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
                    Map.of("identifier", hold));
        }
    }

    @Test
    void page_apiUnreachable_errorStateThenRecovers() throws IOException {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("unreachable"), 3, 3);
        publisher.planned(plan);
        awaitPlanned(plan.surfaceId());

        browser.executeCdpCommand("Network.enable", Map.of());
        try {
            browser.executeCdpCommand("Network.setBlockedURLs",
                    Map.of("urls", List.of("*/api/events*")));
            browser.get(page.toString());
            await().atMost(TIMEOUT)
                    .until(() -> text("run-list").startsWith("Cannot reach the server"));

            assertTrue(text("surface-list").startsWith("Cannot reach the server"),
                    text("surface-list"));
            assertEquals("reconnecting…", text("connection-text"));
            assertFalse(text("run-list").contains("No training runs yet"));
            screenshot("viz-page-unreachable.png");

            browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
            awaitPresent("#surface-list .surface-item[data-id='" + plan.surfaceId() + "']");
            awaitText("connection-text", "live");
        } finally {
            browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
            browser.executeCdpCommand("Network.disable", Map.of());
        }
    }

    @Test
    void page_pointsArriveWhileSelected_listAndHeaderAlwaysShowOneCount()
            throws IOException, InterruptedException {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("one-count"), 8, 5);
        publisher.planned(plan);
        awaitPlanned(plan.surfaceId());

        browser.get(page.toString());
        select(plan.surfaceId());
        awaitText("progress-text", "0 / 40");
        List<List<String>> samples = new ArrayList<>();
        for (int chunk = 0; chunk < 20; chunk++) {
            publisher.values(Fixtures.chunk(plan, chunk, 2 * chunk, 2));
            for (int k = 0; k < 4; k++) {
                samples.add(progressPair(plan.surfaceId()));
                Thread.sleep(25);
            }
        }
        await().atMost(TIMEOUT)
                .until(() -> {
                    List<String> pair = progressPair(plan.surfaceId());
                    samples.add(pair);
                    return pair.get(0).equals("40 / 40");
                });

        for (List<String> pair : samples) {
            assertEquals(pair.get(0), pair.get(1),
                    "header and list, read together, show one count: " + samples);
        }
    }

    @Test
    void page_gridWithNonFiniteCoordinates_noteInsteadOfABrokenPlot() throws IOException {
        GridSpec grid = new GridSpec(new Axis(-1e308, 1e308, 3), new Axis(-1, 1, 3));
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("overflow"), grid);
        publisher.planned(plan);
        publisher.values(Fixtures.chunk(plan, 0, 0, 9));
        awaitDone(plan.surfaceId(), 9);

        browser.get(page.toString());
        select(plan.surfaceId());
        awaitText("progress-text", "9 / 9");
        await().atMost(TIMEOUT)
                .until(() -> browser.findElement(By.id("plot-note")).isDisplayed());

        String note = text("plot-note");
        assertTrue(note.contains("cannot be drawn") && note.contains("α"), note);
        assertTrue(note.contains("NaN") && note.contains("Infinity"), note);
        assertTrue(browser.findElements(By.cssSelector("#plot .main-svg")).isEmpty(),
                "no plot with NaN and Infinity ticks");
        for (String format : List.of("hdf5", "vtp")) {
            WebElement link = browser.findElement(By.id("download-" + format));
            assertEquals("true", link.getDomAttribute("aria-disabled"), format);
            assertEquals(null, link.getDomAttribute("href"), format + " answers 409");
        }
        screenshot("viz-page-non-finite-axis.png");
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

    @Test
    void page_pcaSurface_pathOverContourWithExplainedVarianceAxesAndPathTable()
            throws IOException {
        String runId = Fixtures.newId("pca-run");
        List<TrajectoryPoint> path = spiralPath(11);
        // θ* at (0, 0) is grid node (40, 8), so the surface there is the valley's own value.
        SurfacePlanned plan =
                Fixtures.pca(
                        Fixtures.newId("pca"),
                        runId,
                        new GridSpec(new Axis(-10, 2, 49), new Axis(-2, 4, 25)),
                        List.of(0.770, 0.123),
                        path);
        publisher.planned(plan);
        Fixtures.allChunks(plan, 64, PageBrowserTest::valley, (x, y) -> 0.9)
                .forEach(publisher::values);
        awaitDone(plan.surfaceId(), 49 * 25);

        browser.get(page.toString());
        select(plan.surfaceId());
        awaitText("progress-text", "1225 / 1225");
        awaitPresent("#plot .contourlayer g.contour");
        await().atMost(TIMEOUT).until(() -> pathMarkers() == 11);
        await().atMost(TIMEOUT)
                .until(() -> browser.findElements(By.cssSelector("#path-rows tr")).size() == 11);

        String xTitle = script("return document.getElementById('plot').layout.xaxis.title.text;");
        String yTitle = script("return document.getElementById('plot').layout.yaxis.title.text;");
        assertEquals("1st PC: 77.0 %", xTitle);
        assertEquals("2nd PC: 12.3 %", yTitle);

        List<String> types =
                script("return document.getElementById('plot').data.map(t => t.type);");
        int pathTrace = ((Number) script("return document.getElementById('plot').data"
                + ".findIndex(t => t.name === 'training path');")).intValue();
        assertEquals("contour", types.get(0), "the surface first, underneath: " + types);
        assertTrue(pathTrace > 0, "the path drawn after the contour: " + types);
        assertEquals("scatter", types.get(pathTrace));
        assertEquals(
                "lines+markers+text",
                script("return document.getElementById('plot').data[" + pathTrace + "].mode;"));
        List<Number> xs = script("return document.getElementById('plot').data["
                + pathTrace + "].x;");
        List<Number> ys = script("return document.getElementById('plot').data["
                + pathTrace + "].y;");
        for (int k = 0; k < path.size(); k++) {
            assertEquals(path.get(k).x(), xs.get(k).doubleValue(), 1e-12, "x of epoch " + k);
            assertEquals(path.get(k).y(), ys.get(k).doubleValue(), 1e-12, "y of epoch " + k);
        }
        List<String> labels = script("return document.getElementById('plot').data["
                + pathTrace + "].text;");
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ""), labels,
                "every epoch labelled but the last, which is θ*");
        Number drawnMarkers = script("return document.querySelectorAll("
                + "'#plot .scatterlayer .trace:first-child .points path.point').length;");
        assertEquals(11, drawnMarkers.intValue(), "the path's markers in the SVG");

        List<WebElement> last =
                browser.findElements(By.cssSelector("#path-rows tr:last-child td"));
        assertEquals("10 θ*", last.get(0).getText());
        assertEquals("0", last.get(1).getText(), "θ* is the plane's origin");
        await().atMost(TIMEOUT)
                .until(() -> !browser.findElements(By.cssSelector("#path-rows tr:last-child td"))
                        .get(5).getText().equals("…"));
        String surfaceAtTheta =
                browser.findElements(By.cssSelector("#path-rows tr:last-child td")).get(5)
                        .getText();
        assertEquals(valley(0, 0), Double.parseDouble(surfaceAtTheta), 1e-4,
                "the surface at θ*, shown with 4 significant digits");
        screenshot("viz-page-pca.png");

        browser.executeScript("document.querySelector("
                + "'#plot .modebar-btn[data-title=\"Download plot as a PNG\"]').click();");
        int[] size = pngSize(awaitDownload(plan.surfaceId() + "-loss.png"));
        Number width = script("return document.getElementById('plot')._fullLayout.width;");
        Number height = script("return document.getElementById('plot')._fullLayout.height;");
        assertEquals(2 * width.intValue(), size[0], "Plotly's camera button: twice the width");
        assertEquals(2 * height.intValue(), size[1]);
        assertOnlyServiceResources();
    }

    @Test
    void page_interpolationGroup_twinAxesTrainSolidTestDashedAndFillsLive() throws IOException {
        String groupId = Fixtures.newId("interp");
        String small = Fixtures.newId("batch-64");
        String large = Fixtures.newId("batch-4096");
        publisher.checkpoint(Fixtures.checkpoint(small, 10, 10));
        publisher.checkpoint(Fixtures.checkpoint(large, 10, 10));
        SurfacePlanned train =
                Fixtures.interpolation(groupId + "-train", groupId, small, large, "train", 41);
        SurfacePlanned test =
                Fixtures.interpolation(groupId + "-test", groupId, small, large, "test", 41);
        publisher.planned(train);
        publisher.planned(test);
        Fixtures.allChunks(train, 8, (a, b) -> interpolationLoss(a),
                (a, b) -> interpolationAccuracy(a)).forEach(publisher::values);
        List<ChunkValues> testChunks =
                Fixtures.allChunks(test, 8, (a, b) -> interpolationLoss(a) + 0.35 + 0.1 * a,
                        (a, b) -> interpolationAccuracy(a) - 0.09);
        testChunks.subList(0, 3).forEach(publisher::values);
        awaitDone(test.surfaceId(), 24);

        browser.get(page.toString());
        selectGroup(groupId);
        awaitText("progress-text", "65 / 82");
        await().atMost(TIMEOUT).until(() -> dashedPoints() == 24);
        testChunks.subList(3, testChunks.size()).forEach(publisher::values);
        awaitText("progress-text", "82 / 82");
        await().atMost(TIMEOUT).until(() -> dashedPoints() == 41);

        Number traces = script("return document.getElementById('plot').data.length;");
        assertTrue(traces.intValue() >= 2, "at least a train and a test curve, got " + traces);
        assertEquals(
                "y",
                script("return document.getElementById('plot').layout.yaxis2.overlaying;"),
                "accuracy on a second y axis over the loss axis");
        assertEquals(
                "right", script("return document.getElementById('plot').layout.yaxis2.side;"));
        assertEquals(
                List.of("solid", "dash", "solid", "dash"),
                script("return document.getElementById('plot').data.map(t => t.line.dash);"));
        assertEquals(
                List.of("y", "y", "y2", "y2"),
                script("return document.getElementById('plot').data.map(t => t.yaxis);"));
        String markers =
                script("return document.getElementById('plot').layout.annotations"
                        + ".map(a => a.text).join(' | ');");
        assertTrue(markers.contains(small) && markers.contains(large), markers);
        assertEquals(2, browser.findElements(By.cssSelector("#member-rows tr")).size());
        screenshot("viz-page-interpolation.png");

        browser.findElement(By.id("download-png")).click();
        int[] size = pngSize(awaitDownload(groupId + ".png"));
        Number width = script("return document.getElementById('plot').clientWidth;");
        Number height = script("return document.getElementById('plot').clientHeight;");
        assertEquals(2 * width.intValue(), size[0], "the PNG button: twice the on-screen width");
        assertEquals(2 * height.intValue(), size[1]);
        assertOnlyServiceResources();

        browser.findElement(By.id("log-scale")).click();
        await().atMost(TIMEOUT)
                .until(() -> "log".equals(
                        script("return document.getElementById('plot').layout.yaxis.type;")));
        screenshot("viz-page-interpolation-log.png");
        browser.findElement(By.id("log-scale")).click();
    }

    @Test
    void page_lineGroup_everySeedWithMeanAndMinMaxBand() throws IOException {
        String groupId = Fixtures.newId("seeds");
        for (long seed = 1; seed <= 5; seed++) {
            long s = seed;
            SurfacePlanned line = Fixtures.line(groupId + "-s" + seed, groupId, seed, 41);
            publisher.planned(line);
            Fixtures.allChunks(line, 16, (a, b) -> seedLoss(s, a), (a, b) -> 0.9)
                    .forEach(publisher::values);
        }
        awaitDone(groupId + "-s5", 41);

        browser.get(page.toString());
        selectGroup(groupId);
        awaitText("progress-text", "205 / 205");
        await().atMost(TIMEOUT)
                .until(() -> ((Number) script("return (document.getElementById('plot').data"
                        + " || []).filter(t => (t.name || '').startsWith('seed')).length;"))
                        .intValue() == 5);

        assertEquals(
                "tonexty",
                script("return document.getElementById('plot').data"
                        + ".find(t => t.name === 'min – max over seeds').fill;"));
        List<?> mean =
                script("return document.getElementById('plot').data"
                        + ".find(t => t.name === 'mean of 5 seeds').y;");
        double expected = 0;
        for (long seed = 1; seed <= 5; seed++) {
            expected += seedLoss(seed, 1.0) / 5;
        }
        assertEquals(expected, ((Number) mean.get(40)).doubleValue(), 1e-12, "mean at α = 1");
        screenshot("viz-page-lines.png");
    }

    @Test
    void page_comparisonGroup_sideBySideOnOneSharedColourScale() throws IOException {
        String groupId = Fixtures.newId("skip");
        SurfacePlanned skip =
                Fixtures.comparisonPlane(groupId + "-a", groupId, Fixtures.newId("r20"),
                        "resnet20", 25, 0);
        SurfacePlanned noSkip =
                Fixtures.comparisonPlane(groupId + "-b", groupId, Fixtures.newId("r20ns"),
                        "resnet20-noskip", 25, 1);
        publisher.planned(skip);
        publisher.planned(noSkip);
        Fixtures.allChunks(skip, 64, PageBrowserTest::smooth, (a, b) -> 0.9)
                .forEach(publisher::values);
        Fixtures.allChunks(noSkip, 64, PageBrowserTest::chaotic, (a, b) -> 0.5)
                .forEach(publisher::values);
        awaitDone(noSkip.surfaceId(), 625);

        browser.get(page.toString());
        selectGroup(groupId);
        awaitText("progress-text", "1250 / 1250");
        await().atMost(TIMEOUT)
                .until(() -> browser.findElements(By.cssSelector("#plot .contourlayer g.contour"))
                        .size() >= 2);

        assertEquals(
                List.of("coloraxis", "coloraxis"),
                script("return document.getElementById('plot').data"
                        + ".filter(t => t.type === 'contour').map(t => t.coloraxis);"));
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (SurfacePlanned plan : List.of(skip, noSkip)) {
            for (int i = 0; i < 25; i++) {
                for (int j = 0; j < 25; j++) {
                    double a = plan.grid().x().coordinate(i);
                    double b = plan.grid().y().coordinate(j);
                    double loss = plan == skip ? smooth(a, b) : chaotic(a, b);
                    low = Math.min(low, loss);
                    high = Math.max(high, loss);
                }
            }
        }
        Number cmin = script("return document.getElementById('plot').layout.coloraxis.cmin;");
        Number cmax = script("return document.getElementById('plot').layout.coloraxis.cmax;");
        assertEquals(low, cmin.doubleValue(), 1e-12, "the group's minimum");
        assertEquals(high, cmax.doubleValue(), 1e-12, "the group's maximum (the no-skip net)");
        List<List<Number>> levels =
                script("return document.getElementById('plot').data"
                        + ".filter(t => t.type === 'contour')"
                        + ".map(t => [t.contours.start, t.contours.end, t.contours.size]);");
        assertEquals(levels.get(0), levels.get(1), "the same contour levels in both panels");
        assertEquals(low, levels.get(0).get(0).doubleValue(), 1e-12);
        String titles =
                script("return document.getElementById('plot').layout.annotations"
                        + ".map(a => a.text).join(' | ');");
        assertTrue(titles.contains("<b>resnet20</b>") && titles.contains("resnet20-noskip"),
                titles);
        screenshot("viz-page-comparison.png");
    }

    @Test
    void page_hugeDynamicRange_lossClippedAtTenByDefaultAndClearedToMinMax() throws IOException {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("noskip"), 21, 21);
        publisher.planned(plan);
        Fixtures.allChunks(plan, 64, PageBrowserTest::exploding, (a, b) -> 0.1)
                .forEach(publisher::values);
        awaitDone(plan.surfaceId(), 441);
        double max = extreme(plan, PageBrowserTest::exploding, Math::max);

        browser.get(page.toString());
        select(plan.surfaceId());
        awaitText("progress-text", "441 / 441");
        awaitPresent("#plot .contourlayer g.contour");
        assertEquals("10", browser.findElement(By.id("loss-ceiling")).getDomProperty("value"));
        assertEquals(EXPLODING_MIN, fullTrace("zmin"), 1e-12, "the colours start at θ*'s loss");
        assertEquals(10, fullTrace("zmax"), 0, "and end at the default ceiling");
        double start = fullTrace("contours.start");
        double end = fullTrace("contours.end");
        double size = fullTrace("contours.size");
        assertTrue(start >= EXPLODING_MIN && end <= 10, "levels " + start + " … " + end);
        assertTrue((end - start) / size >= 8,
                "levels over the whole plotted range, not a few in a corner: " + size);
        assertEquals("loss (clipped at 10)", colourBarTitle());
        assertEquals(max, trueMaximum(), max * 1e-12,
                "cells above the ceiling keep their value for hover, drawn in the top colour");
        screenshot("viz-page-clipped-contour.png");

        browser.findElement(By.cssSelector("[data-view='heatmap']")).click();
        await().atMost(TIMEOUT).until(() -> "heatmap".equals(fullTraceText("type")));
        assertEquals(10, fullTrace("zmax"), 0);

        browser.findElement(By.cssSelector("[data-view='surface']")).click();
        await().atMost(TIMEOUT).until(() -> "surface".equals(fullTraceText("type")));
        assertEquals(10, fullTrace("cmax"), 0);
        assertEquals(10, ((Number) script("return Math.max(...document.getElementById('plot')"
                + ".data[0].z.flat());")).doubleValue(), 0, "heights cut at 10, like zlim");
        String cornerHover = script("return document.getElementById('plot').data[0].text[20][20];");
        assertEquals(max, Double.parseDouble(cornerHover), max * 0.01,
                "the corner's hover text is its true loss");
        screenshot("viz-page-clipped-surface.png");

        browser.findElement(By.cssSelector("[data-view='contour']")).click();
        browser.findElement(By.id("log-scale")).click();
        await().atMost(TIMEOUT).until(() -> fullTrace("zmax") == 1);
        assertEquals(Math.log10(EXPLODING_MIN), fullTrace("zmin"), 1e-12);
        assertEquals("log₁₀ loss (loss clipped at 10)", colourBarTitle());
        browser.findElement(By.id("log-scale")).click();
        await().atMost(TIMEOUT).until(() -> fullTrace("zmax") == 10);

        setCeiling("");
        await().atMost(TIMEOUT).until(() -> fullTrace("zmax") == max);
        assertEquals(EXPLODING_MIN, fullTrace("zmin"), 1e-12);
        assertEquals("loss", colourBarTitle(), "nothing clipped, nothing said");

        setCeiling("1");
        await().atMost(TIMEOUT).until(() -> !noteText().isEmpty());
        assertEquals(max, fullTrace("zmax"), 0,
                "a ceiling under the minimum is ignored rather than hiding every cell");
        assertTrue(noteText().contains("not applied"), noteText());

        setCeiling("off");
        await().atMost(TIMEOUT).until(() -> noteText().isEmpty());
        assertEquals(max, fullTrace("zmax"), 0);
    }

    @Test
    void page_lossCeilingInvalid_messageNamesFieldAndLastValidCeilingStays() throws IOException {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("noskip"), 21, 21);
        publisher.planned(plan);
        Fixtures.allChunks(plan, 64, PageBrowserTest::exploding, (a, b) -> 0.1 + 0.05 * a)
                .forEach(publisher::values);
        awaitDone(plan.surfaceId(), 441);

        browser.get(page.toString());
        select(plan.surfaceId());
        awaitText("progress-text", "441 / 441");
        awaitPresent("#plot .contourlayer g.contour");
        setCeiling("100");
        await().atMost(TIMEOUT).until(() -> fullTrace("zmax") == 100);
        assertFalse(browser.findElement(By.id("ceiling-error")).isDisplayed());

        for (String bad : List.of("-5", "0", "abc", "NaN", "1e999")) {
            setCeiling(bad);
            WebElement error = browser.findElement(By.id("ceiling-error"));
            await().atMost(TIMEOUT).until(error::isDisplayed);
            assertTrue(error.getText().startsWith("clip loss at (\"" + bad + "\")"),
                    "names the field and the value: " + error.getText());
            assertTrue(error.getText().contains("> 0") && error.getText().contains("\"off\""),
                    "says what is allowed: " + error.getText());
            assertEquals("true", browser.findElement(By.id("loss-ceiling"))
                    .getDomAttribute("aria-invalid"));
            assertEquals(100, fullTrace("zmax"), 0, bad + " leaves the last valid ceiling");
        }
        screenshot("viz-page-ceiling-error.png");

        setCeiling("7.5");
        await().atMost(TIMEOUT).until(() -> fullTrace("zmax") == 7.5);
        assertFalse(browser.findElement(By.id("ceiling-error")).isDisplayed(),
                "a valid ceiling clears the message");

        browser.findElement(By.cssSelector("[data-metric='accuracy']")).click();
        await().atMost(TIMEOUT)
                .until(() -> !browser.findElement(By.id("loss-ceiling")).isEnabled());
        assertEquals(0.15, fullTrace("zmax"), 1e-12, "accuracy is never clipped");
        browser.findElement(By.cssSelector("[data-metric='loss']")).click();
    }

    @Test
    void page_lineWithHugeDynamicRange_lossAxisEndsAtTheCeiling() throws IOException {
        SurfacePlanned plan = Fixtures.plan(Fixtures.newId("noskip-line"), 41, 1);
        publisher.planned(plan);
        Fixtures.allChunks(plan, 16, (a, b) -> exploding(a, 0), (a, b) -> 0.1)
                .forEach(publisher::values);
        awaitDone(plan.surfaceId(), 41);

        browser.get(page.toString());
        select(plan.surfaceId());
        awaitText("progress-text", "41 / 41");
        awaitPresent("#plot .scatterlayer .trace");
        double top = layoutNumber("yaxis.range[1]");
        assertTrue(top >= 10 && top < 11, "the axis stops just above 10: " + top);
        assertEquals("loss (clipped at 10)", layoutText("yaxis.title.text"));
        double max = extreme(plan, (a, b) -> exploding(a, 0), Math::max);
        assertEquals(max, ((Number) script("return Math.max(...document.getElementById('plot')"
                + ".data[0].y);")).doubleValue(), 0, "the curve itself is not cut");

        setCeiling("");
        await().atMost(TIMEOUT).until(() -> layoutNumber("yaxis.range[1]") > max);
        assertEquals("loss", layoutText("yaxis.title.text"));
    }

    @Test
    void page_comparisonWithHugeDynamicRange_oneScaleClippedAtTheCeiling() throws IOException {
        String groupId = Fixtures.newId("resnet56");
        SurfacePlanned skip =
                Fixtures.comparisonPlane(groupId + "-a", groupId, Fixtures.newId("r56"),
                        "resnet56", 21, 0);
        SurfacePlanned noSkip =
                Fixtures.comparisonPlane(groupId + "-b", groupId, Fixtures.newId("r56ns"),
                        "resnet56-noskip", 21, 1);
        publisher.planned(skip);
        publisher.planned(noSkip);
        Fixtures.allChunks(skip, 64, PageBrowserTest::smooth, (a, b) -> 0.9)
                .forEach(publisher::values);
        Fixtures.PointFunction wide = (a, b) -> exploding(a, b / 2);
        Fixtures.allChunks(noSkip, 64, wide, (a, b) -> 0.1).forEach(publisher::values);
        awaitDone(noSkip.surfaceId(), 441);
        awaitDone(skip.surfaceId(), 441);

        browser.get(page.toString());
        selectGroup(groupId);
        awaitText("progress-text", "882 / 882");
        // This group's figure, not the one the page opened on: both have two contour panels.
        await().atMost(TIMEOUT)
                .until(() -> browser.findElements(By.cssSelector("#plot .contourlayer g.contour"))
                        .size() >= 2
                        && script("const l = document.getElementById('plot').layout || {};"
                                + "return (l.annotations || []).map(a => a.text).join(' ');")
                                .toString().contains("resnet56-noskip"));

        double low = extreme(skip, PageBrowserTest::smooth, Math::min);
        assertEquals(low, layoutNumber("coloraxis.cmin"), 1e-12, "the group's minimum");
        assertEquals(10, layoutNumber("coloraxis.cmax"), 0, "the ceiling, for both panels");
        assertContourSpans(low, 10);
        assertEquals("loss (clipped at 10)",
                script("return document.getElementById('plot')"
                        + ".layout.coloraxis.colorbar.title.text;"));
        screenshot("viz-page-comparison-clipped.png");

        setCeiling("");
        double high = extreme(noSkip, wide, Math::max);
        await().atMost(TIMEOUT).until(() -> layoutNumber("coloraxis.cmax") == high);
        assertContourSpans(low, high);
    }

    /** 2.28 at θ* to 1.3e8 at the corners of α in [-1, 1], β in [-0.5, 0.5]. */
    static double exploding(double a, double b) {
        return EXPLODING_MIN * Math.pow(10, 3.878 * (a * a + 4 * b * b));
    }

    /** Types {@code text} into the loss ceiling and leaves the field, which applies it. */
    private static void setCeiling(String text) {
        WebElement field = browser.findElement(By.id("loss-ceiling"));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        field.sendKeys(text, Keys.ENTER);
    }

    private static String noteText() {
        return browser.findElement(By.id("ceiling-note")).getText();
    }

    /** A number of the first trace as Plotly drew it (defaults and computed levels filled in). */
    private static double fullTrace(String property) {
        Number value = script("return document.getElementById('plot')._fullData[0]."
                + property + ";");
        return value.doubleValue();
    }

    private static String fullTraceText(String property) {
        return script("const d = document.getElementById('plot')._fullData;"
                + "return d && d.length ? String(d[0]." + property + ") : '';");
    }

    private static double layoutNumber(String property) {
        Number value = script("return document.getElementById('plot')._fullLayout."
                + property + ";");
        return value.doubleValue();
    }

    private static String layoutText(String property) {
        return script("return document.getElementById('plot')._fullLayout." + property + ";");
    }

    private static String colourBarTitle() {
        return script("return document.getElementById('plot')._fullData[0]"
                + ".colorbar.title.text;");
    }

    /** The largest value in the first trace's z, which the page passes to Plotly unclipped. */
    private static double trueMaximum() {
        Number value = script("return Math.max(...document.getElementById('plot').data[0].z"
                + ".flat().filter(v => v !== null));");
        return value.doubleValue();
    }

    /** Every contour panel's levels run from {@code start} to {@code end}. */
    private static void assertContourSpans(double start, double end) {
        List<List<Number>> spans =
                script("return document.getElementById('plot').data"
                        + ".filter(t => t.type === 'contour')"
                        + ".map(t => [t.contours.start, t.contours.end]);");
        assertEquals(2, spans.size(), "two panels");
        for (List<Number> span : spans) {
            assertEquals(start, span.get(0).doubleValue(), 1e-12, "first level " + spans);
            assertEquals(end, span.get(1).doubleValue(), Math.abs(end) * 1e-12,
                    "last level " + spans);
        }
    }

    /** The smallest or largest of {@code f} over the grid of {@code plan}. */
    private static double extreme(
            SurfacePlanned plan, Fixtures.PointFunction f, DoubleBinaryOperator pick) {
        double result = Double.NaN;
        for (int i = 0; i < plan.grid().x().points(); i++) {
            for (int j = 0; j < plan.grid().y().points(); j++) {
                double v = f.at(plan.grid().x().coordinate(i), plan.grid().y().coordinate(j));
                result = Double.isNaN(result) ? v : pick.applyAsDouble(result, v);
            }
        }
        return result;
    }

    /** A valley that the spiral path below descends into. */
    static double valley(double x, double y) {
        return 0.04 + 0.018 * x * x + 0.35 * Math.pow(y - 0.12 * x, 2)
                + 0.03 * Math.sin(0.8 * x) * Math.cos(1.3 * y);
    }

    /** 0 … n-1 epochs curving in from (-9, 2.6) to θ* at (0, 0). */
    static List<TrajectoryPoint> spiralPath(int n) {
        List<TrajectoryPoint> path = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            double t = 1 - e / (double) (n - 1);
            double x = -9 * Math.pow(t, 1.4);
            double y = 2.6 * Math.sin(Math.PI * Math.pow(t, 0.8)) * t + 0.4 * t;
            double residual = 3.5 * t * t;
            path.add(new TrajectoryPoint(e, x, y, residual, valley(x, y) + 0.1 * t, 0.9));
        }
        return path;
    }

    /** A flat minimum at α = 0 (small batch) and a sharper one at α = 1 (large batch). */
    static double interpolationLoss(double a) {
        return 0.015 + 0.02 * a + 2.2 * a * a * (a - 1) * (a - 1) * (1 + 3 * a * a);
    }

    static double interpolationAccuracy(double a) {
        return 0.1 + 0.9 * Math.exp(-1.2 * interpolationLoss(a));
    }

    static double seedLoss(long seed, double a) {
        double curvature = 0.8 + 0.35 * seed;
        double skew = 0.12 * (seed - 3);
        return 0.05 + curvature * a * a + skew * a * a * a + 0.6 * Math.pow(a, 4);
    }

    static double smooth(double a, double b) {
        return 0.1 + 1.6 * (a * a + b * b) + 0.08 * Math.sin(3 * a) * Math.cos(3 * b);
    }

    static double chaotic(double a, double b) {
        return 0.15 + 3.5 * (a * a + b * b)
                + 1.1 * Math.abs(Math.sin(5 * a + 1) * Math.cos(4 * b - 0.5))
                + 0.6 * Math.abs(Math.sin(9 * a * b));
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

    /**
     * Holds every {@code EventSource} the next pages open until {@link #release} lets those
     * whose address contains a given part connect: the page as it is before the server's first
     * answer, for as long as the test needs. Returns the id of the injected script.
     */
    private static String holdEventStreams() {
        String script = String.join("\n",
                "(() => {",
                "  const Real = window.EventSource;",
                "  const held = [];",
                "  const released = [];",
                "  class Held {",
                "    constructor(url) {",
                "      this.url = String(url);",
                "      this.listeners = [];",
                "      this.real = null;",
                "      this.closed = false;",
                "      held.push(this);",
                "      if (released.some((part) => this.url.includes(part))) this.open();",
                "    }",
                "    addEventListener(type, f) {",
                "      this.listeners.push([type, f]);",
                "      if (this.real) this.real.addEventListener(type, f);",
                "    }",
                "    close() { this.closed = true; if (this.real) this.real.close(); }",
                "    get readyState() { return this.real ? this.real.readyState : 0; }",
                "    open() {",
                "      if (this.closed || this.real) return;",
                "      this.real = new Real(this.url);",
                "      this.listeners.forEach(([t, f]) => this.real.addEventListener(t, f));",
                "    }",
                "  }",
                "  Object.assign(Held, { CONNECTING: 0, OPEN: 1, CLOSED: 2 });",
                "  window.EventSource = Held;",
                "  window.__release = (part) => {",
                "    released.push(part);",
                "    held.filter((h) => h.url.includes(part)).forEach((h) => h.open());",
                "  };",
                "})();");
        Map<String, Object> added = browser.executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
        return (String) added.get("identifier");
    }

    /** Lets the held event streams whose address contains {@code part} connect, now and later. */
    private static void release(String part) {
        browser.executeScript("window.__release(arguments[0]);", part);
    }

    /** Rectangle [left, top, width, height] of the first element matching {@code css}. */
    private static List<Number> rectangle(String css) {
        return script("const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                + "return [r.left, r.top, r.width, r.height];", css);
    }

    private static boolean overlap(List<Number> a, List<Number> b) {
        double ax = a.get(0).doubleValue();
        double ay = a.get(1).doubleValue();
        double bx = b.get(0).doubleValue();
        double by = b.get(1).doubleValue();
        return ax < bx + b.get(2).doubleValue() && bx < ax + a.get(2).doubleValue()
                && ay < by + b.get(3).doubleValue() && by < ay + a.get(3).doubleValue();
    }

    /** The header's and the selected list item's {@code done / total}, read in one script. */
    private static List<String> progressPair(String surfaceId) {
        return script("const item = document.querySelector("
                + "`#surface-list .surface-item[data-id='${arguments[0]}'] .surface-progress`);"
                + "return [document.getElementById('progress-text').textContent,"
                + " item ? item.textContent : ''];", surfaceId);
    }

    /**
     * What run {@code runId}'s card shows, read in one script so that a re-render cannot
     * interleave: {@code badge}, {@code badgeTitle}, {@code colour} (the badge's), {@code end}
     * and {@code endTitle} (the line of a run that did not finish), {@code sub},
     * {@code stats}. Empty while the card is not shown; absent parts are null.
     */
    /** The failed badge and failure line of a surface's list item; empty without them. */
    private static Map<String, String> surfaceFailure(String surfaceId) {
        return script("const item = document.querySelector("
                + "  `#surface-list .surface-item[data-id='${arguments[0]}']`);"
                + "const badge = item && item.querySelector('.badge.failed');"
                + "const line = item && item.querySelector('.surface-failure');"
                + "if (!badge || !line) return {};"
                + "return {badge: badge.textContent.trim(), badgeTitle: badge.title,"
                + "  colour: getComputedStyle(line).color, line: line.textContent.trim()};",
                surfaceId);
    }

    private static Map<String, String> card(String runId) {
        return script("const card = [...document.querySelectorAll('#run-list .run-item')]"
                + "  .find(li => li.dataset.id === arguments[0]);"
                + "if (!card) return {};"
                + "const badge = card.querySelector('.badge');"
                + "const end = card.querySelector('.run-end');"
                + "return {badge: badge.textContent.trim(), badgeTitle: badge.title || null,"
                + "  colour: getComputedStyle(badge).color,"
                + "  end: end && end.textContent.trim(), endTitle: end && end.title,"
                + "  sub: card.querySelector('.item-sub').textContent.replace(/\\s+/g, ' ')"
                + "    .trim(),"
                + "  stats: card.querySelector('.run-stats').textContent.replace(/\\s+/g, ' ')"
                + "    .trim()};",
                runId);
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void awaitPlanned(String surfaceId) {
        await().atMost(TIMEOUT)
                .until(() -> given().get("/api/surfaces/" + surfaceId).statusCode() == 200);
    }

    private static void awaitDone(String surfaceId, int points) {
        await().atMost(TIMEOUT)
                .until(() -> given().get("/api/surfaces/" + surfaceId).statusCode() == 200
                        && given().get("/api/surfaces/" + surfaceId).jsonPath()
                                .getInt("pointsDone") == points);
    }

    /** Puts {@code hash} into the address of the open tab, as a pasted link does. */
    private static void followLink(String hash) {
        script("location.hash = arguments[0];", hash);
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

    private void selectGroup(String groupId) {
        By item = By.cssSelector("#surface-list .group-item[data-group='" + groupId + "']");
        await().atMost(TIMEOUT).until(() -> !browser.findElements(item).isEmpty());
        await().atMost(TIMEOUT)
                .ignoreExceptions()
                .until(() -> {
                    browser.findElement(item).click();
                    return browser.findElement(By.id("surface-title")).getText()
                            .equals(groupId);
                });
    }

    /** The file the browser saved as {@code name}, once it is complete. */
    private static Path awaitDownload(String name) {
        Path file = downloads.resolve(name);
        await().atMost(TIMEOUT).until(() -> Files.isRegularFile(file) && Files.size(file) > 0);
        return file;
    }

    /** Width and height of a PNG file, from its header chunk; fails if it is not a PNG. */
    private static int[] pngSize(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        for (int k = 0; k < signature.length; k++) {
            assertEquals(signature[k], bytes[k], file + " is not a PNG (byte " + k + ")");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, 16, 8);
        return new int[] {header.getInt(), header.getInt()};
    }

    /** Everything the page loaded came from the service: no CDN, no web font. */
    private static void assertOnlyServiceResources() {
        List<String> foreign =
                script("return performance.getEntriesByType('resource').map(e => e.name)"
                        + ".filter(n => !n.startsWith(location.origin + '/'));");
        assertEquals(List.of(), foreign, "resources from elsewhere than the service");
    }

    @SuppressWarnings("unchecked")
    private static <T> T script(String code, Object... arguments) {
        return (T) browser.executeScript(code, arguments);
    }

    /** Markers of the training path trace, 0 while it is not drawn. */
    private static int pathMarkers() {
        Number count =
                script("const d = document.getElementById('plot').data || [];"
                        + "const t = d.find(t => t.name === 'training path');"
                        + "return t && t.mode.includes('markers') ? t.x.length : 0;");
        return count.intValue();
    }

    /** Points drawn on the dashed (test) loss curve. */
    private static int dashedPoints() {
        Number count =
                script("const d = document.getElementById('plot').data || [];"
                        + "const t = d.find(t => t.line && t.line.dash === 'dash');"
                        + "return t ? t.y.filter(v => v !== null).length : 0;");
        return count.intValue();
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
