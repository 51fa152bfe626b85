package main

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"hash/crc64"
)

func body(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}

func main() {
	nvme := crc64.MakeTable(0x9A6C9329AC4BC9B5)
	cast := crc32.MakeTable(crc32.Castagnoli)
	inputs := map[string][]byte{"empty": {}, "a": []byte("a"), "check": []byte("123456789")}
	for _, n := range []int{1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 191, 192, 255, 256, 1000, 4097, 20000, 65536, 1048579, 5242880} {
		inputs[fmt.Sprintf("body%d", n)] = body(n)
	}
	for name, in := range inputs {
		c32 := make([]byte, 4)
		binary.BigEndian.PutUint32(c32, crc32.ChecksumIEEE(in))
		c32c := make([]byte, 4)
		binary.BigEndian.PutUint32(c32c, crc32.Checksum(in, cast))
		c64 := make([]byte, 8)
		binary.BigEndian.PutUint64(c64, crc64.Checksum(in, nvme))
		s1 := sha1.Sum(in)
		s256 := sha256.Sum256(in)
		fmt.Printf("%s crc32=%s crc32c=%s crc64nvme=%s(%016x) sha1=%s sha256=%s\n", name,
			base64.StdEncoding.EncodeToString(c32), base64.StdEncoding.EncodeToString(c32c),
			base64.StdEncoding.EncodeToString(c64), crc64.Checksum(in, nvme),
			base64.StdEncoding.EncodeToString(s1[:]), base64.StdEncoding.EncodeToString(s256[:]))
	}
}
