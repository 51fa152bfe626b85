package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// aws-sdk-go-v2's v4 signer as the S3 client configures it (path not escaped again). "cached" reuses
// one Signer (it caches derived keys); "nocache" builds a Signer per request. The SDK computes the
// payload hash in a middleware before signing; W3 does the same with crypto/sha256.
func runAwsV2(set *workloadSet) {
	ctx := context.Background()
	creds := aws.Credentials{AccessKeyID: set.Credentials.AccessKeyID, SecretAccessKey: set.Credentials.SecretAccessKey}
	at, err := time.Parse("20060102T150405Z", set.Time)
	if err != nil {
		panic(err)
	}
	s3 := func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }
	w1, w2, w3 := set.get("W1"), set.get("W2"), set.get("W3")
	w3body := body(w3.BodySize)
	shared := v4.NewSigner(s3)
	for _, variant := range []string{"cached", "nocache"} {
		signer := func() *v4.Signer {
			if variant == "cached" {
				return shared
			}
			return v4.NewSigner(s3)
		}
		date := func() string { return set.Time }
		report("aws-sdk-go-v2", "W1", variant, func() string {
			r := newRequest(w1, w1.url())
			if err := signer().SignHTTP(ctx, creds, r, w1.Payload, set.Service, set.Region, at); err != nil {
				panic(err)
			}
			return r.Header.Get("Authorization")
		}, date)
		report("aws-sdk-go-v2", "W2", variant, func() string {
			r := newRequest(w2, w2.url()+"&X-Amz-Expires="+strconv.FormatInt(w2.Expires, 10))
			url, _, err := signer().PresignHTTP(ctx, creds, r, w2.Payload, set.Service, set.Region, at)
			if err != nil {
				panic(err)
			}
			return url
		}, date)
		report("aws-sdk-go-v2", "W3", variant, func() string {
			r := newRequest(w3, w3.url())
			sum := sha256.Sum256(w3body)
			hash := hex.EncodeToString(sum[:])
			r.Header.Set("X-Amz-Content-Sha256", hash)
			if err := signer().SignHTTP(ctx, creds, r, hash, set.Service, set.Region, at); err != nil {
				panic(err)
			}
			return r.Header.Get("Authorization")
		}, date)
	}
}
