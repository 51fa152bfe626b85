// minio-go (Debian golang-github-minio-minio-go-v7-dev, v7.0.46) against `sigv4 serve`: PutObject with
// signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD over plain HTTP), unknown size through multipart,
// a presigned GET, each followed by a byte-exact GET back; then a wrong secret, an expired presigned
// URL, minio-go's own streaming signer with its clock 20 minutes off, and a body altered in flight
// (through the test's tampering proxy), each refused with S3's code and nothing stored.
//
// usage: minio_client -endpoint 127.0.0.1:PORT -proxy 127.0.0.1:PORT2
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/minio/minio-go/v7/pkg/signer"
)

const (
	accessKey = "AKIDEXAMPLE"
	secretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	region    = "us-east-1"
	bucket    = "minio-bucket"
)

var failures []string

func check(ok bool, what string) {
	if ok {
		fmt.Println("ok   " + what)
	} else {
		fmt.Println("FAIL " + what)
		failures = append(failures, what)
	}
}

func objectBytes(size int, seed int) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = byte((i + seed) % 251)
	}
	return b
}

func client(endpoint, secret string) *minio.Client {
	c, err := minio.New(endpoint, &minio.Options{Creds: credentials.NewStaticV4(accessKey, secret, ""), Secure: false,
		Region: region})
	if err != nil {
		panic(err)
	}
	return c
}

func get(c *minio.Client, key string) ([]byte, error) {
	o, err := c.GetObject(context.Background(), bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, err
	}
	defer o.Close()
	return io.ReadAll(o)
}

func code(err error) string {
	if err == nil {
		return "none"
	}
	return minio.ToErrorResponse(err).Code
}

func main() {
	endpoint := flag.String("endpoint", "", "sigv4 serve host:port")
	proxy := flag.String("proxy", "", "tampering proxy host:port")
	flag.Parse()
	ctx := context.Background()
	c := client(*endpoint, secretKey)

	check(c.MakeBucket(ctx, bucket, minio.MakeBucketOptions{Region: region}) == nil, "minio-go MakeBucket")

	small := objectBytes(300000, 0)
	_, err := c.PutObject(ctx, bucket, "signed/chunks.bin", bytes.NewReader(small), int64(len(small)),
		minio.PutObjectOptions{ContentType: "application/octet-stream"})
	check(err == nil, fmt.Sprintf("minio-go PutObject with signed chunks (%v)", err))
	got, err := get(c, "signed/chunks.bin")
	check(err == nil && bytes.Equal(got, small), "... GetObject is byte-exact")

	big := objectBytes(6*1024*1024+4321, 5)
	_, err = c.PutObject(ctx, bucket, "unknown size.bin", io.NopCloser(bytes.NewReader(big)), -1,
		minio.PutObjectOptions{PartSize: 5 * 1024 * 1024})
	check(err == nil, fmt.Sprintf("minio-go PutObject of unknown size (multipart, signed chunks per part) (%v)", err))
	got, err = get(c, "unknown size.bin")
	check(err == nil && bytes.Equal(got, big), "... GetObject is byte-exact")

	u, err := c.PresignedGetObject(ctx, bucket, "signed/chunks.bin", 5*time.Minute, url.Values{})
	check(err == nil, "minio-go PresignedGetObject")
	resp, err := http.Get(u.String())
	if err == nil {
		got, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		check(resp.StatusCode == 200 && bytes.Equal(got, small), "... plain GET of the presigned URL is byte-exact")
	} else {
		check(false, "... plain GET of the presigned URL: "+err.Error())
	}

	// A wrong secret.
	_, err = client(*endpoint, "not-the-secret").PutObject(ctx, bucket, "wrong.bin", bytes.NewReader(small),
		int64(len(small)), minio.PutObjectOptions{})
	check(code(err) == "SignatureDoesNotMatch", "minio-go with a wrong secret gets SignatureDoesNotMatch ("+code(err)+")")
	_, err = c.StatObject(ctx, bucket, "wrong.bin", minio.StatObjectOptions{})
	check(code(err) == "NoSuchKey", "... and nothing was stored ("+code(err)+")")

	// An expired presigned URL.
	u, _ = c.PresignedGetObject(ctx, bucket, "signed/chunks.bin", time.Second, url.Values{})
	time.Sleep(2200 * time.Millisecond)
	resp, err = http.Get(u.String())
	if err == nil {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		check(resp.StatusCode == 403 && strings.Contains(string(body), "<Code>AccessDenied</Code>") &&
			strings.Contains(string(body), "Request has expired"), "an expired minio-go presigned URL gets AccessDenied")
	} else {
		check(false, "expired presigned GET: "+err.Error())
	}

	// minio-go's streaming signer with its clock 20 minutes behind (Go does not read time through
	// libc, so faketime cannot move it; the signer takes the time as an argument).
	req, _ := http.NewRequest("PUT", "http://"+*endpoint+"/"+bucket+"/skewed.bin", bytes.NewReader(small))
	req = signer.StreamingSignV4(req, accessKey, secretKey, "", region, int64(len(small)), time.Now().UTC().Add(-20*time.Minute))
	resp, err = http.DefaultClient.Do(req)
	if err == nil {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		check(resp.StatusCode == 403 && strings.Contains(string(body), "<Code>RequestTimeTooSkewed</Code>"),
			"minio-go's signer 20 minutes behind gets RequestTimeTooSkewed")
	} else {
		check(false, "skewed request: "+err.Error())
	}
	_, err = c.StatObject(ctx, bucket, "skewed.bin", minio.StatObjectOptions{})
	check(code(err) == "NoSuchKey", "... and nothing was stored")

	// A body byte altered in flight: the chunk signature no longer matches.
	other := objectBytes(300000, 9)
	_, err = client(*proxy, secretKey).PutObject(ctx, bucket, "signed/chunks.bin", bytes.NewReader(other),
		int64(len(other)), minio.PutObjectOptions{})
	check(code(err) == "SignatureDoesNotMatch", "minio-go PutObject altered in flight gets SignatureDoesNotMatch ("+code(err)+")")
	got, err = get(c, "signed/chunks.bin")
	check(err == nil && bytes.Equal(got, small), "... and the existing object was not overwritten")

	if len(failures) > 0 {
		fmt.Printf("%d check(s) failed\n", len(failures))
		os.Exit(1)
	}
	fmt.Println("all checks passed")
}
