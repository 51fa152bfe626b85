package main

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"

	"github.com/minio/minio-go/v7/pkg/signer"
)

// minio-go's signer. It derives the key for every signature (no cache: "nocache" only) and always
// signs at time.Now(), so each line carries the X-Amz-Date it used and bench/compare checks the
// signature against sigv4's at that time.
func runMinio(set *workloadSet) {
	ak, sk := set.Credentials.AccessKeyID, set.Credentials.SecretAccessKey
	w1, w2, w3 := set.get("W1"), set.get("W2"), set.get("W3")
	w3body := body(w3.BodySize)
	var last string // the X-Amz-Date of the last signature
	report("minio-go", "W1", "nocache", func() string {
		r := signer.SignV4(*newRequest(w1, w1.url()), ak, sk, "", set.Region)
		last = r.Header.Get("X-Amz-Date")
		return r.Header.Get("Authorization")
	}, func() string { return last })
	report("minio-go", "W2", "nocache", func() string {
		r := signer.PreSignV4(*newRequest(w2, w2.url()), ak, sk, "", set.Region, w2.Expires)
		q, _ := url.ParseQuery(r.URL.RawQuery)
		last = q.Get("X-Amz-Date")
		return r.URL.RawQuery
	}, func() string { return last })
	report("minio-go", "W3", "nocache", func() string {
		r := newRequest(w3, w3.url())
		sum := sha256.Sum256(w3body)
		r.Header.Set("X-Amz-Content-Sha256", hex.EncodeToString(sum[:]))
		r = signer.SignV4(*r, ak, sk, "", set.Region)
		last = r.Header.Get("X-Amz-Date")
		return r.Header.Get("Authorization")
	}, func() string { return last })
}
