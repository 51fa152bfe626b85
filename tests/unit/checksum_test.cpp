// Known answers for the S3 checksum algorithms and base64.
//
// Expected values come from independent implementations, not from this library:
//  - CRC32, SHA1, SHA256: Python 3.11 zlib.crc32 / hashlib (Debian /usr/bin/python3);
//  - CRC32C, CRC64NVME (and again all five): Go 1.19's standard library (hash/crc32 Castagnoli,
//    hash/crc64 with MakeTable(0x9A6C9329AC4BC9B5), crypto/sha1, crypto/sha256), printed by
//    tests/chunked/checksum_oracle.go;
//  - the CRC catalogue check values for "123456789" (CRC-32 0xCBF43926, CRC-32C 0xE3069283,
//    CRC-64/NVME 0xAE8B14860A799888);
//  - the AWS SDK for JavaScript v3 trailers in ../shared/captures (5 MiB body: crc32 yIv8rA==,
//    crc32c CatQ4g==, sha256 FrYy8Rz5...; 20000 bytes: crc32 Nh/G5w==, crc32c ehRF4Q==).
// Body "bodyN" is N bytes with byte i = i % 251 (the captures' object).
#include "sigv4/checksum.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "sigv4/crypto/base64.hpp"
#include "sigv4/crypto/crc.hpp"

namespace {

using sigv4::ChecksumAlgorithm;

std::string body(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(i % 251);
  return s;
}

struct Kat {
  std::size_t size;  // kCheck: "123456789"
  const char* crc32;
  const char* crc32c;
  const char* crc64nvme;
  const char* sha1;
  const char* sha256;
};

constexpr std::size_t kCheck = SIZE_MAX;
const Kat kKats[] = {
    {0, "AAAAAA==", "AAAAAA==", "AAAAAAAAAAA=", "2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
     "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="},
    {kCheck, "y/Q5Jg==", "4waSgw==", "rosUhgp5mIg=", "98O8HYCOBHMq32eZZczDTKeuNEE=",
     "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU="},
    {1, "0gLvjQ==", "Un1TUQ==", "1dpQR+/shyg=", "W6k8nbDP+T9StSHXQg5D9u2ieE8=",
     "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0="},
    {15, "oGxnXg==", "aO8D9g==", "VV/XHVgUpec=", "+x2SQfZ4J85t16xV8ePE5PUMqgM=",
     "cHH8MYj95+flANR2jxeEvt4aIumRZI3KudwyGaz/HUw="},
    {16, "zs7iiA==", "2ckI6w==", "z2RUx135ViA=", "VheLhqV/rCKJmplkGFwsyW59pYk=",
     "vkXLJgW/Nr695oSEGijw/UPGmFCj3OX+26aZKO46iZE="},
    {17, "LBg6GQ==", "OENeFw==", "XDQ1X7Fzzv0=", "CgMV7HseIqefyGLt95vaL8AWaeM=",
     "PlcY/qUajz9brKYcd6+rRzwYEPi52zMCc7QBHOkseH4="},
    {63, "296mgw==", "eocwBA==", "BeF0a11DvIQ=", "bZQtoMQ5KxI1KPKQXHE6POKDZL0=",
     "Ka8mhv1TN0o2sIRmlMw0IXfkKNFkdRXweHhNac255Ig="},
    {64, "EA7OjA==", "+2026w==", "4T3euoly2Fw=", "xhONUU/6ITW/zg7QuPrGVmmRfsc=",
     "/eq5rPNxA2K9JljNyaKej5x1f8+YEWA6jER80dkVEQg="},
    {65, "QMBv2A==", "aUQg+g==", "wqWbZS2O0os=", "ab1yitbhPNdv8ZdR/eQnsA45V0Y=",
     "S/0si28e7Hoq/rSLk07ksmlBggJ+bQ/AdQdPL6uzF4E="},
    {127, "3sSBqg==", "bDG9DA==", "gd5ezJMnVlw=", "idcxKpA/Zc0rPjSpdeVdvqkDM1M=",
     "ksoPpmUe4vl7iEtyRqVi+nElD+3v5evycNMcVGv+qXY="},
    {128, "JGUNVw==", "MNnFFQ==", "pSlhNmJd5Pc=", "5kNLxAH5hgPX7aUEeQyYxnOF1TU=",
     "Rx+5Q6ojxRH29y+NFlLZyIDPo5KtgFAxIFR3A+VqK+U="},
    {129, "ypHN9w==", "9RRinw==", "w9VW/PI9aiQ=", "M1LkHMMLQK6AEIlwSSshAUBJ5iU=",
     "UJnGpWID+Wh/fTP0v99XbTHckfa2lezqOLJ3DIdjETU="},
    {191, "cYZ2QQ==", "hxyTQg==", "GbXRFcn1O2Y=", "RT6AbXSiflVPKjOVznkXkZvzveY=",
     "0oD0c8JRy3XJGIDqDsoqLxzaMVK+9Uo4xKOu2tYVyBk="},
    {192, "iHa24A==", "HrxsZA==", "OWdPRfyfjkQ=", "mVtvDI+e2iDz5aK9id+Qh0eQAAg=",
     "i0pUSDehoCgPqKfIKGXCehBks8xigf2gdTVmubsQSoc="},
    {255, "b3yZVg==", "671jsw==", "tou6yob6ZA8=", "R976Io+9crbeFr8V+13dDZXwDKs=",
     "hX3yBBdfB3qZhnCYl/AO4LzARJWFJI5LQkmDN+kymZk="},
    {256, "VwijzA==", "NEn4EA==", "8sMmER0gGLI=", "12EXVAjHAyQw+eIvh86EF75wD3M=",
     "W8MbKDzvAHInTpfXSRZVKVTJNXlFNsq2MmQeXqBxN50="},
    {1000, "chdGpg==", "EfZiIA==", "Oi01cbaZhBY=", "yclgoLklR0+rg5Qswn1QT8JKw3s=",
     "TkwpSzMfeiCZo3m+w0ufn8A9xGq0ZdmY9NaD2lNIfm0="},
    {4097, "J9lOIw==", "vQS5UA==", "1y6u1hfGrh8=", "GZs585YgtBMmZS3qCdmLV7A4Eyk=",
     "oWVg1mi4Q/s76ZrOQdvRhHHzQr0yVaHSEgSzXkP3RDY="},
    {20000, "Nh/G5w==", "ehRF4Q==", "qtaOONiWzmg=", "fyHQvsDsQa6kOFTlu56XlR04MVc=",
     "k6YBWjh0p3TdWf3V2xlBSzAVJTgetd3MJlzcxou501A="},
    {65536, "f6pQ0w==", "Dar83g==", "y+o3jHh59QU=", "/vtxdAqCuUoto7zS/XL8ZKf7hmY=",
     "S2QNhas7ow/QLJ/J20qJKPQWMirScCLqWKZaruaKTfI="},
    {1048579, "pBlIUQ==", "JIw/Eg==", "KMB1razZeKw=", "8Yd/x1toe5BLNEQBTLTUDNJg2kc=",
     "rKb02BqIAw3D5LmZiESbopQ4haVqXr2lvidfZBSWd/4="},
    {5242880, "yIv8rA==", "CatQ4g==", "bgp1IS1VSZg=", "RBkQhInzDJShS2Z85OUfzGKtixk=",
     "FrYy8Rz5UN2mfcTBhKP54Kof+kwYknu4l359qXyiW8o="},
};
constexpr std::size_t kKat20000 = 18;

std::string input_of(const Kat& k) { return k.size == kCheck ? std::string("123456789") : body(k.size); }

const char* expected(const Kat& k, ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::crc32:
      return k.crc32;
    case ChecksumAlgorithm::crc32c:
      return k.crc32c;
    case ChecksumAlgorithm::crc64nvme:
      return k.crc64nvme;
    case ChecksumAlgorithm::sha1:
      return k.sha1;
    case ChecksumAlgorithm::sha256:
      return k.sha256;
  }
  return "";
}

constexpr ChecksumAlgorithm kAll[] = {ChecksumAlgorithm::crc32, ChecksumAlgorithm::crc32c,
                                      ChecksumAlgorithm::crc64nvme, ChecksumAlgorithm::sha1,
                                      ChecksumAlgorithm::sha256};

TEST(Checksum, EveryAlgorithmMatchesIndependentImplementations) {
  for (const Kat& k : kKats) {
    const std::string in = input_of(k);
    for (ChecksumAlgorithm a : kAll)
      EXPECT_EQ(sigv4::compute_checksum(a, in).base64(), expected(k, a))
          << sigv4::checksum_algorithm_name(a) << " of " << k.size << " bytes";
  }
}

TEST(Checksum, CrcCheckValuesOf123456789) {
  EXPECT_EQ(sigv4::crypto::crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(sigv4::crypto::crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(sigv4::crypto::crc64nvme("123456789"), 0xAE8B14860A799888ull);
  EXPECT_EQ(sigv4::crypto::crc64nvme_update_portable(0, "123456789", 9), 0xAE8B14860A799888ull);
}

TEST(Checksum, AnySplitOfTheInputGivesTheSameValue) {
  const std::string in = body(300000);
  std::mt19937 rng(7);
  for (ChecksumAlgorithm a : kAll) {
    const std::string whole = sigv4::compute_checksum(a, in).base64();
    for (int round = 0; round < 8; ++round) {
      sigv4::Checksum c(a);
      std::size_t at = 0;
      while (at < in.size()) {
        const std::size_t n = std::min<std::size_t>(in.size() - at, rng() % (round < 4 ? 200 : 70000) + 1);
        c.update(std::string_view(in).substr(at, n));
        at += n;
      }
      EXPECT_EQ(c.value().base64(), whole) << sigv4::checksum_algorithm_name(a);
    }
  }
}

TEST(Checksum, ValueDoesNotDisturbTheRunningState) {
  const std::string in = body(20000);
  for (ChecksumAlgorithm a : kAll) {
    sigv4::Checksum c(a);
    c.update(std::string_view(in).substr(0, 7000));
    (void)c.value();
    c.update(std::string_view(in).substr(7000));
    EXPECT_EQ(c.value().base64(), expected(kKats[kKat20000], a));
    c.reset();
    EXPECT_EQ(c.value().base64(), expected(kKats[0], a));
  }
}

// The fast CRC64/NVME path (ISA-L or PCLMULQDQ folding) agrees with the table code at every length
// and alignment around its block boundaries.
TEST(Checksum, Crc64NvmeFastPathEqualsPortableAtEveryLengthAndAlignment) {
  std::string buf(4096 + 64, '\0');
  std::mt19937 rng(11);
  for (char& c : buf) c = static_cast<char>(rng());
  for (std::size_t offset = 0; offset < 16; ++offset)
    for (std::size_t n = 0; n <= 1100; ++n)
      ASSERT_EQ(sigv4::crypto::crc64nvme_update(0x0123456789abcdefull, buf.data() + offset, n),
                sigv4::crypto::crc64nvme_update_portable(0x0123456789abcdefull, buf.data() + offset, n))
          << sigv4::crypto::crc64nvme_implementation() << " length " << n << " offset " << offset;
}

TEST(Checksum, NamesAndHeadersFollowS3) {
  EXPECT_EQ(sigv4::checksum_header_name(ChecksumAlgorithm::crc64nvme), "x-amz-checksum-crc64nvme");
  EXPECT_EQ(sigv4::checksum_algorithm_name(ChecksumAlgorithm::crc32c), "CRC32C");
  EXPECT_EQ(sigv4::parse_checksum_algorithm("crc32c"), ChecksumAlgorithm::crc32c);
  EXPECT_EQ(sigv4::parse_checksum_algorithm("md5"), std::nullopt);
  EXPECT_EQ(sigv4::checksum_algorithm_from_header("X-Amz-Checksum-SHA256"), ChecksumAlgorithm::sha256);
  EXPECT_EQ(sigv4::checksum_algorithm_from_header("x-amz-checksum-mode"), std::nullopt);
  for (ChecksumAlgorithm a : kAll) EXPECT_EQ(sigv4::compute_checksum(a, "").size, sigv4::checksum_size(a));
}

TEST(Checksum, FromBase64RefusesWrongLengthAndNonCanonicalText) {
  EXPECT_TRUE(sigv4::ChecksumValue::from_base64(ChecksumAlgorithm::crc32, "yIv8rA=="));
  EXPECT_FALSE(sigv4::ChecksumValue::from_base64(ChecksumAlgorithm::crc32, "yIv8rA"));    // padding missing
  EXPECT_FALSE(sigv4::ChecksumValue::from_base64(ChecksumAlgorithm::crc32, "yIv8rB=="));  // stray low bits
  EXPECT_FALSE(sigv4::ChecksumValue::from_base64(ChecksumAlgorithm::crc32c, "AAAAAAAAAAA="));  // 8 bytes
  EXPECT_FALSE(sigv4::ChecksumValue::from_base64(ChecksumAlgorithm::crc32, " yIv8rA=="));
}

// RFC 4648 section 10 test vectors.
TEST(Base64, Rfc4648TestVectors) {
  const std::pair<const char*, const char*> v[] = {{"", ""},
                                                   {"f", "Zg=="},
                                                   {"fo", "Zm8="},
                                                   {"foo", "Zm9v"},
                                                   {"foob", "Zm9vYg=="},
                                                   {"fooba", "Zm9vYmE="},
                                                   {"foobar", "Zm9vYmFy"}};
  for (auto [plain, enc] : v) {
    const std::string_view p(plain);
    const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(p.data()), p.size());
    EXPECT_EQ(sigv4::crypto::base64(bytes), enc);
    std::vector<std::uint8_t> out;
    ASSERT_TRUE(sigv4::crypto::base64_decode(enc, out)) << enc;
    EXPECT_EQ(std::string(out.begin(), out.end()), plain);
  }
}

TEST(Base64, UrlSafeFormHasNoPaddingAndItsOwnAlphabet) {
  const std::uint8_t bytes[] = {0xfb, 0xff, 0xbf, 0xfe};
  EXPECT_EQ(sigv4::crypto::base64(bytes), "+/+//g==");
  EXPECT_EQ(sigv4::crypto::base64url(bytes), "-_-__g");
  std::vector<std::uint8_t> out;
  ASSERT_TRUE(sigv4::crypto::base64url_decode("-_-__g", out));
  EXPECT_EQ(out, std::vector<std::uint8_t>(std::begin(bytes), std::end(bytes)));
  EXPECT_FALSE(sigv4::crypto::base64url_decode("-_-__g==", out));
  EXPECT_FALSE(sigv4::crypto::base64url_decode("+/+//g", out));
}

TEST(Base64, DecodingRefusesMalformedText) {
  std::vector<std::uint8_t> out;
  for (const char* bad : {"Zg=", "Zg", "Z===", "====", "Zm9v\n", "Zh==", "Zm8=Zm8=", "Zm 9v", "Zm9v="})
    EXPECT_FALSE(sigv4::crypto::base64_decode(bad, out)) << bad;
}

}  // namespace
