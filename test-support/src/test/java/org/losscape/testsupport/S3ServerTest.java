package org.losscape.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class S3ServerTest {

    @Test
    void createdBucket_putAndGet_returnsTheBytes() throws Exception {
        S3Server server = S3Server.shared();
        server.createBucket("round-trip");
        MinioClient client = client(server, server.secretKey());
        byte[] bytes = "hello, bucket".getBytes(StandardCharsets.UTF_8);

        client.putObject(PutObjectArgs.builder()
                .bucket("round-trip")
                .object("a/b.txt")
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                .contentType("text/plain")
                .build());
        byte[] read;
        try (GetObjectResponse response = client.getObject(
                GetObjectArgs.builder().bucket("round-trip").object("a/b.txt").build())) {
            read = response.readAllBytes();
        }

        assertTrue(client.bucketExists(BucketExistsArgs.builder().bucket("round-trip").build()));
        assertArrayEquals(bytes, read);
    }

    @Test
    void wrongSecret_isRejected_becauseSignaturesAreChecked() {
        S3Server server = S3Server.shared();
        server.createBucket("signed");
        MinioClient client = client(server, "not-the-secret");

        ErrorResponseException e = assertThrows(ErrorResponseException.class,
                () -> client.bucketExists(BucketExistsArgs.builder().bucket("signed").build()));

        assertEquals(403, e.response().code());
    }

    private static MinioClient client(S3Server server, String secret) {
        return MinioClient.builder()
                .endpoint(server.endpoint())
                .credentials(server.accessKey(), secret)
                .region("us-east-1")
                .build();
    }
}
