package io.chat4all.api.files;

import java.io.IOException;
import java.io.InputStream;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Contents as objects of one S3 bucket (AWS, or any S3 API such as the local stack's S3Proxy), keyed by file id.
 *
 * <p>An upload is one PUT of known length whose body is the request's own stream: the SDK signs it in chunks
 * ({@code aws-chunked}), so it reads the stream once and holds a bounded buffer, never the file. A failed PUT stores
 * nothing. A download is a ranged GET whose body streams through.
 */
public final class S3FileStorage implements FileStorage {
    private final S3Client s3;
    private final String bucket;

    S3FileStorage(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** A client for the settings; checks at once that the bucket is reachable with the credentials. */
    public static S3FileStorage connect(FileSettings.S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials(settings))
                .httpClientBuilder(Apache5HttpClient.builder());
        settings.endpoint().ifPresent(builder::endpointOverride);
        S3Client client = builder.build();
        try {
            client.headBucket(HeadBucketRequest.builder().bucket(settings.bucket()).build());
        } catch (SdkException e) {
            client.close();
            throw new IllegalStateException("S3 bucket " + settings.bucket() + " is not reachable with " + settings
                    + ": " + e.getMessage(), e);
        }
        return new S3FileStorage(client, settings.bucket());
    }

    private static AwsCredentialsProvider credentials(FileSettings.S3Settings settings) {
        if (settings.accessKey().isPresent() && settings.secretKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKey().get(), settings.secretKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public void put(String key, InputStream content, long length) throws IOException {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentLength(length).build(),
                    RequestBody.fromInputStream(content, length));
        } catch (SdkException e) {
            throw new IOException("S3 PUT of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String key, ByteRange range) throws IOException {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
        if (!range.isWhole()) {
            request.range("bytes=" + range.first() + "-" + range.last());
        }
        try {
            return s3.getObject(request.build());
        } catch (SdkException e) {
            throw new IOException("S3 GET of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
        } catch (SdkException e) {
            throw new IOException("S3 DELETE of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public void close() {
        s3.close();
    }
}
