// Peer harnesses for Go: aws-sdk-go-v2's v4 signer and minio-go's signer (Debian packages, built in
// GOPATH mode: GOPATH=/usr/share/gocode GO111MODULE=off, no module downloads). One binary, one peer per
// run: `go-peers -peer awsv2|minio`. Prints one JSON line per (workload, variant); see bench/compare.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"syscall"
	"time"
)

type workload struct {
	ID       string      `json:"id"`
	Method   string      `json:"method"`
	Scheme   string      `json:"scheme"`
	Host     string      `json:"host"`
	Path     string      `json:"path"`
	Query    string      `json:"query"`
	Headers  [][2]string `json:"headers"`
	Expires  int64       `json:"expires"`
	Payload  string      `json:"payload"`
	BodySize int         `json:"body_size"`
}

type workloadSet struct {
	Credentials struct {
		AccessKeyID     string `json:"access_key_id"`
		SecretAccessKey string `json:"secret_access_key"`
	} `json:"credentials"`
	Region    string     `json:"region"`
	Service   string     `json:"service"`
	Time      string     `json:"time"`
	Workloads []workload `json:"workloads"`
}

func (s *workloadSet) get(id string) workload {
	for _, w := range s.Workloads {
		if w.ID == id {
			return w
		}
	}
	panic("no workload " + id)
}

func (w workload) url() string {
	u := w.Scheme + "://" + w.Host + w.Path
	if w.Query != "" {
		u += "?" + w.Query
	}
	return u
}

// newRequest builds the workload's request for url, with its headers except Host (net/http takes the
// host from the URL) and x-amz-date (the signers set it).
func newRequest(w workload, url string) *http.Request {
	r, err := http.NewRequest(w.Method, url, nil)
	if err != nil {
		panic(err)
	}
	for _, h := range w.Headers {
		if h[0] != "Host" && h[0] != "x-amz-date" {
			r.Header.Set(h[0], h[1])
		}
	}
	return r
}

// Byte i of an n-byte body is i % 251 (the definition in workloads.json).
func body(size int) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}

func loadWorkloads() *workloadSet {
	path := os.Getenv("SIGV4_BENCH_WORKLOADS")
	if path == "" {
		exe, _ := os.Executable()
		path = filepath.Join(filepath.Dir(exe), "workloads.json")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	var s workloadSet
	if err := json.Unmarshal(data, &s); err != nil {
		panic(err)
	}
	return &s
}

func envFloat(name string, def float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil {
		return v
	}
	return def
}

// Process CPU time (user + system, every thread: the garbage collector's work counts).
func cpuNanos() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return float64(ru.Utime.Nano() + ru.Stime.Nano())
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// Median wall-clock and CPU ns/op over BENCH_REPETITIONS runs of about BENCH_SECONDS each, after a
// warm-up. bench/compare tables CPU time: on a shared machine wall time also counts other processes'
// turns.
func timed(op func() string) map[string]interface{} {
	seconds := envFloat("BENCH_SECONDS", 0.3)
	reps := int(envFloat("BENCH_REPETITIONS", 5))
	run := func(n int) (float64, float64) {
		c0 := cpuNanos()
		t0 := time.Now()
		for i := 0; i < n; i++ {
			op()
		}
		return float64(time.Since(t0).Nanoseconds()), cpuNanos() - c0
	}
	n := 1
	for w, _ := run(n); w < seconds*1e9/4; w, _ = run(n) {
		n *= 2
	}
	wall := make([]float64, reps)
	cpu := make([]float64, reps)
	for i := range wall {
		w, c := run(n)
		wall[i], cpu[i] = w/float64(n), c/float64(n)
	}
	return map[string]interface{}{"ns_per_op": median(wall), "cpu_ns_per_op": median(cpu),
		"repetitions": wall, "cpu_repetitions": cpu}
}

var sigPattern = regexp.MustCompile(`(?:Signature=|X-Amz-Signature=)([0-9a-f]{64})`)

// report times op and prints its line; op returns the Authorization header or presigned URL, and
// amzDate the signing time the peer used.
func report(peer, id, variant string, op func() string, amzDate func() string) {
	m := sigPattern.FindStringSubmatch(op())
	if m == nil {
		panic(peer + " " + id + ": no signature")
	}
	date := amzDate()
	fields := timed(op)
	for k, v := range map[string]interface{}{"peer": peer, "workload": id, "variant": variant, "amz_date": date,
		"signature": m[1], "unsigned_headers": []string{}} {
		fields[k] = v
	}
	line, _ := json.Marshal(fields)
	fmt.Println(string(line))
}

func main() {
	peer := flag.String("peer", "", "awsv2 or minio")
	flag.Parse()
	set := loadWorkloads()
	switch *peer {
	case "awsv2":
		runAwsV2(set)
	case "minio":
		runMinio(set)
	default:
		fmt.Fprintln(os.Stderr, "usage: go-peers -peer awsv2|minio")
		os.Exit(2)
	}
}
