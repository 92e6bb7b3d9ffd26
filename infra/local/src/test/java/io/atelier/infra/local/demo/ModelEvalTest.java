package io.atelier.infra.local.demo;

import io.atelier.generator.GeneratorOnnx;
import io.atelier.infra.local.LocalStack;
import io.atelier.infra.local.LocalStackConfig;
import io.atelier.infra.local.S3Server;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.schemas.json.EventJson;
import io.atelier.schemas.json.EventSchemas;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.models.ModelEvaluation;
import io.atelier.schemas.models.ModelManifest;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./atelier eval} against a real local stack: the style's current version (or a pinned one) on
 * the bundled sample photos, a table per photo with the medians, and evaluation.json (valid against its
 * schema) and the contact sheet written where it says.
 */
class ModelEvalTest {

    static final Path CONTENT = Path.of("../samples/content");

    @TempDir
    static Path home;
    static LocalStack stack;
    static StackEndpoints endpoints;

    @BeforeAll
    static void up() throws Exception {
        stack = new LocalStack(LocalStackConfig.onFreePorts(home));
        endpoints = stack.up().endpoints();
        try (MinioClient s3 = MinioClient.builder().endpoint(endpoints.s3Endpoint())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).region(S3Server.REGION).build()) {
            put(s3, "v1", GeneratorOnnx.elementwise("Identity"));
            put(s3, "v2", GeneratorOnnx.elementwise("Neg"));
            byte[] pointer = EventJson.mapper().writeValueAsBytes(new CurrentModel("evaluated", "v1", Instant.now()));
            s3.putObject(PutObjectArgs.builder().bucket(Bucket.MODELS.bucketName())
                    .object(ObjectKeys.currentModelPointer("evaluated"))
                    .stream(new ByteArrayInputStream(pointer), pointer.length, -1).build());
        }
    }

    private static void put(MinioClient s3, String version, byte[] onnx) throws Exception {
        byte[] manifest = EventJson.mapper().writeValueAsBytes(new ModelManifest(1, "evaluated", version,
                "0".repeat(64), onnx.length, Instant.now(), null, null, Map.of(), Map.of()));
        for (var object : Map.of(ObjectKeys.modelGenerator("evaluated", version), onnx,
                ObjectKeys.modelManifest("evaluated", version), manifest).entrySet()) {
            s3.putObject(PutObjectArgs.builder().bucket(Bucket.MODELS.bucketName()).object(object.getKey())
                    .stream(new ByteArrayInputStream(object.getValue()), object.getValue().length, -1).build());
        }
    }

    @AfterAll
    static void purge() {
        if (stack != null) {
            stack.purge();
        }
    }

    @Test
    void theCurrentVersionOnTheSamplePhotosGivesATableAndWritesTheReport(@TempDir Path out) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Path folder = ModelEval.run(endpoints, "evaluated", null, SampleCorpus.photos(CONTENT), out,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        String console = printed.toString(StandardCharsets.UTF_8);
        assertThat(console).contains("evaluated/v1").contains("kitten.jpg").contains("median")
                .contains("Default quality gate: passed").contains(out.resolve("evaluated-v1/evaluation.json").toString());
        byte[] json = Files.readAllBytes(folder.resolve("evaluation.json"));
        assertThat(EventSchemas.get().problems(ModelEvaluation.SCHEMA_ID, EventJson.mapper().readTree(json))).isEmpty();
        ModelEvaluation evaluation = EventJson.mapper().readValue(json, ModelEvaluation.class);
        assertThat(evaluation.photos()).hasSize(SampleCorpus.photos(CONTENT).size());
        assertThat(evaluation.summary().medianSsim()).isGreaterThan(0.999);
        assertThat(ImageIO.read(folder.resolve("contact-sheet.png").toFile()).getHeight()).isLessThan(300);
    }

    @Test
    void aPinnedVersionOnGivenPhotosSaysWhyTheGateWouldHoldItBack(@TempDir Path out) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<Path> photos = SampleCorpus.photos(CONTENT).subList(0, 2);

        ModelEval.run(endpoints, "evaluated", "v2", photos, out, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("evaluated/v2")
                .contains("would hold it back: medianSsim");
        assertThat(Files.exists(out.resolve("evaluated-v2/contact-sheet.png"))).isTrue();
    }

    @Test
    void anUnknownStyleOrVersionIsAPlainMessage(@TempDir Path out) {
        Map<String, String> env = Map.of("ATELIER_HOME", home.toString());
        assertThat(AtelierCli.run(new String[]{"eval"}, env)).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelEval.run(endpoints, "no-such-style", null,
                        SampleCorpus.photos(CONTENT), out, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no current model");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelEval.run(endpoints, "evaluated", "v7",
                        SampleCorpus.photos(CONTENT), out, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no version v7");
    }
}
