package io.atelier.ingest.web;

import io.atelier.common.storage.ObjectStore;
import io.atelier.ingest.rest.StyleResourceTest;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.ObjectRef;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.models.GateFailure;
import io.atelier.schemas.models.ModelManifest;
import io.atelier.schemas.status.JobState;
import io.atelier.schemas.status.JobStatus;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.testsupport.AtelierStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload page in real headless Chromium (Debian's chromium and chromedriver): a rejected file,
 * an accepted photo followed over server-sent events (again when a stream ends early), and its styled
 * result. Screenshots are kept in target/screenshots/. The completion is written by the test, as the
 * inference service would.
 */
@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
class UploadPageTest {

    static final String STYLE = "test-browser-style";
    static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @TestHTTPResource("/")
    URL page;

    @Inject
    ObjectStore store;

    WebDriver browser;
    Path screenshots;

    @BeforeEach
    void openBrowser() throws Exception {
        store.putJson(Bucket.MODELS, ObjectKeys.modelManifest(STYLE, "v1"), new ModelManifest(1, STYLE, "v1",
                "0".repeat(64), 1, Instant.now(), null, null, Map.of(), Map.of()));
        store.putJson(Bucket.MODELS, ObjectKeys.currentModelPointer(STYLE), new CurrentModel(STYLE, "v1",
                Instant.now()));
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1200,1000",
                "--user-data-dir=" + Files.createTempDirectory("chromium-"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        browser = new ChromeDriver(service, options);
        screenshots = Files.createDirectories(Path.of("target/screenshots"));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPhotoIsUploadedFollowedAndShownStyled() throws Exception {
        WebDriverWait wait = openWithKeyAndStyle();

        Path text = Files.createTempFile("not-an-image", ".png");
        Files.writeString(text, "this is not a picture");
        browser.findElement(By.id("file")).sendKeys(text.toString());
        browser.findElement(By.id("submit")).click();
        wait.until(d -> d.findElement(By.id("message")).getText().startsWith("Rejected"));
        assertThat(browser.findElement(By.id("message")).getText()).contains("not a PNG, JPEG or GIF");
        shot("1-rejected");

        Path photo = Files.createTempFile("photo", ".png");
        ImageIO.write(gradient(), "png", photo.toFile());
        browser.findElement(By.id("file")).sendKeys(photo.toString());
        browser.findElement(By.id("submit")).click();
        wait.until(d -> d.findElement(By.id("message")).getText().contains("queued"));
        shot("2-queued");
        Matcher id = JOB_ID.matcher(browser.findElement(By.id("message")).getText());
        assertThat(id.find()).isTrue();
        String jobId = id.group();

        succeed(jobId, Files.readAllBytes(photo));

        wait.until(d -> d.findElement(By.id("message")).getText().startsWith("Done"));
        wait.until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "const i = document.getElementById('after'); return i.complete && i.naturalWidth === 160;")));
        assertThat(browser.findElement(By.id("download")).isDisplayed()).isTrue();
        shot("3-styled");
    }

    @Test
    void aJobWhoseEventStreamEndsEarlyIsFollowedAgain() throws Exception {
        WebDriverWait wait = openWithKeyAndStyle();
        // as a proxy that closes the first stream before any event: an empty 200 answer
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
                const real = window.fetch;
                window.eventStreams = 0;
                window.fetch = (url, init) => String(url).endsWith('/events') && window.eventStreams++ === 0
                    ? Promise.resolve(new Response('', {status: 200, headers: {'Content-Type': 'text/event-stream'}}))
                    : real(url, init);""");

        Path photo = Files.createTempFile("photo", ".png");
        ImageIO.write(gradient(), "png", photo.toFile());
        browser.findElement(By.id("file")).sendKeys(photo.toString());
        browser.findElement(By.id("submit")).click();
        wait.until(d -> d.findElement(By.id("message")).getText().contains("is queued"));
        Matcher id = JOB_ID.matcher(browser.findElement(By.id("message")).getText());
        assertThat(id.find()).isTrue();
        succeed(id.group(), Files.readAllBytes(photo));

        wait.until(d -> d.findElement(By.id("message")).getText().startsWith("Done"));
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.eventStreams"))
                .as("the ended stream, then the one that followed the job").isEqualTo(2L);
    }

    @Test
    void aPhotoDroppedOnThePageIsUploaded() throws Exception {
        WebDriverWait wait = openWithKeyAndStyle();

        // WebDriver cannot drag a file from the desktop; the page gets the drop event a browser sends
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(gradient(), "png", png);
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
                const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));
                const data = new DataTransfer();
                data.items.add(new File([bytes], 'dropped.png', {type: 'image/png'}));
                const zone = document.getElementById('drop-zone');
                for (const type of ['dragover', 'drop']) {
                  zone.dispatchEvent(new DragEvent(type, {dataTransfer: data, bubbles: true, cancelable: true}));
                }""", java.util.Base64.getEncoder().encodeToString(png.toByteArray()));
        wait.until(d -> d.findElement(By.id("submit")).isEnabled());
        shot("4-dropped");
        browser.findElement(By.id("submit")).click();

        wait.until(d -> d.findElement(By.id("message")).getText().contains("queued"));
        Matcher id = JOB_ID.matcher(browser.findElement(By.id("message")).getText());
        assertThat(id.find()).isTrue();
        BufferedImage stored = ImageIO.read(new java.io.ByteArrayInputStream(
                store.get(Bucket.UPLOADS, ObjectKeys.uploadInput(id.group())).orElseThrow()));
        assertThat(stored.getWidth()).as("the dropped photo was stored").isEqualTo(160);
    }

    @Test
    void theCurrentVersionsQualityIsShownWithItsContactSheetAndHeldBackVersions() throws Exception {
        java.io.ByteArrayOutputStream sheet = new java.io.ByteArrayOutputStream();
        ImageIO.write(gradient(), "png", sheet);
        store.put(Bucket.MODELS, ObjectKeys.modelContactSheet(STYLE, "v1"), sheet.toByteArray(), "image/png");
        store.putJson(Bucket.MODELS, ObjectKeys.modelEvaluation(STYLE, "v1"),
                StyleResourceTest.evaluation(STYLE, "v1", 0.48, List.of()));
        store.putJson(Bucket.MODELS, ObjectKeys.modelManifest(STYLE, "v2"), new ModelManifest(1, STYLE, "v2",
                "0".repeat(64), 1, Instant.now(), null, null, Map.of(), Map.of()));
        store.putJson(Bucket.MODELS, ObjectKeys.modelEvaluation(STYLE, "v2"), StyleResourceTest.evaluation(STYLE,
                "v2", 0.12, List.of(new GateFailure("medianSsim", 0.12, 0.35, GateFailure.Limit.MIN))));
        try {
            WebDriverWait wait = openWithKeyAndStyle();

            wait.until(d -> d.findElement(By.id("quality")).isDisplayed());
            wait.until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                    "const i = document.getElementById('contact-sheet'); return i.complete && i.naturalWidth === 160;")));
            assertThat(browser.findElement(By.id("quality-version")).getText()).isEqualTo(STYLE + " v1");
            assertThat(browser.findElement(By.id("quality-metrics")).getText()).contains("median luminance SSIM")
                    .contains("0.480").contains("style ratio").contains("0.600").contains("texture ratio")
                    .contains("0.800");
            assertThat(browser.findElement(By.id("quality-gate")).getText()).isEqualTo("Quality gate: passed");
            assertThat(browser.findElement(By.id("quality-held-back")).getText())
                    .isEqualTo("v2 held back: medianSsim 0.120 < min 0.35");
            shot("5-quality");
        } finally {
            store.delete(Bucket.MODELS, ObjectKeys.modelManifest(STYLE, "v2"));
            store.delete(Bucket.MODELS, ObjectKeys.modelEvaluation(STYLE, "v2"));
        }
    }

    /** Stores a styled output and the succeeded status, as the inference service would. */
    private void succeed(String jobId, byte[] styled) {
        ObjectRef output = store.put(Bucket.RESULTS, ObjectKeys.resultOutput(jobId, "png"), styled, "image/png");
        store.putJson(Bucket.RESULTS, ObjectKeys.jobStatus(jobId), new JobStatus(jobId, JobState.SUCCEEDED, STYLE,
                "v1", new ImageRef(output.bucket(), output.key(), output.sha256(), 160, 120, "image/png"), null,
                null, null, Instant.now()));
    }

    /** The page, with the user's key entered and the test style picked from the list the API gave. */
    private WebDriverWait openWithKeyAndStyle() {
        browser.get(page.toString());
        browser.findElement(By.id("api-key")).sendKeys("test-user-key", Keys.TAB);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> d.findElements(By.cssSelector("#style option[value='" + STYLE + "']")).size() == 1);
        new Select(browser.findElement(By.id("style"))).selectByValue(STYLE);
        return wait;
    }

    private void shot(String name) throws Exception {
        Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static BufferedImage gradient() {
        BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                image.setRGB(x, y, (x * 255 / 160) << 16 | (y * 255 / 120) << 8 | 128);
            }
        }
        return image;
    }
}
