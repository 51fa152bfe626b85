// minio_chunk_oracle: signs aws-chunked uploads with minio-go's own streaming signer (Debian
// golang-github-minio-minio-go-v7-dev, pkg/signer.StreamingSignV4) so the C++ tests can compare
// our chunk signatures and wire bytes with an independent implementation.
//
// Input (stdin), one case per line: SECRET REGION UNIX_TIME SIZE TRAILER(0|1)
// For case N it writes the wire body to OUTDIR/N.wire and prints one line:
//   N AMZ_DATE SCOPE SEED_SIGNATURE
// The object data is byte i = (i*31 + N) % 256.
//
// Build (no module download): GOPATH=/usr/share/gocode GO111MODULE=off go build minio_chunk_oracle.go
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/minio/minio-go/v7/pkg/signer"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: minio_chunk_oracle OUTDIR < cases")
		os.Exit(2)
	}
	outDir := os.Args[1]
	in := bufio.NewScanner(os.Stdin)
	for n := 0; in.Scan(); n++ {
		f := strings.Fields(in.Text())
		if len(f) != 5 {
			fmt.Fprintln(os.Stderr, "bad case line:", in.Text())
			os.Exit(2)
		}
		secret, region := f[0], f[1]
		unix, _ := strconv.ParseInt(f[2], 10, 64)
		size, _ := strconv.Atoi(f[3])
		data := make([]byte, size)
		for i := range data {
			data[i] = byte((i*31 + n) % 256)
		}
		req, err := http.NewRequest("PUT", "http://127.0.0.1:9000/examplebucket/e2e/object.bin", bytes.NewReader(data))
		if err != nil {
			panic(err)
		}
		if f[4] == "1" {
			sum := make([]byte, 4)
			binary.BigEndian.PutUint32(sum, crc32.Checksum(data, crc32.MakeTable(crc32.Castagnoli)))
			req.Trailer = http.Header{}
			req.Trailer.Set("x-amz-checksum-crc32c", base64.StdEncoding.EncodeToString(sum))
		}
		t := time.Unix(unix, 0).UTC()
		req = signer.StreamingSignV4(req, "AKIDEXAMPLE", secret, "", region, int64(size), t)
		wire, err := io.ReadAll(req.Body)
		if err != nil {
			panic(err)
		}
		if err := os.WriteFile(fmt.Sprintf("%s/%d.wire", outDir, n), wire, 0o644); err != nil {
			panic(err)
		}
		auth := req.Header.Get("Authorization")
		seed := auth[strings.Index(auth, "Signature=")+len("Signature="):]
		cred := auth[strings.Index(auth, "Credential=")+len("Credential="):]
		cred = cred[:strings.Index(cred, ",")]
		scope := cred[strings.Index(cred, "/")+1:]
		fmt.Printf("%d %s %s %s\n", n, req.Header.Get("X-Amz-Date"), scope, seed)
	}
}
