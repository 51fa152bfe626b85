// Chunk signatures identical to minio-go's signer for the same inputs: minio-go's StreamingSignV4
// (run through tests/chunked/minio_chunk_oracle.go) signs uploads of several sizes, secrets, regions
// and times, with and without a signed trailer; from its seed signature our ChunkSigner/encoder must
// produce the same wire bytes, and our decoder must accept minio-go's.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "chunked/capture_util.hpp"

namespace {

struct Case {
  std::string secret, region;
  std::int64_t unix_time;
  std::size_t size;
  bool trailer;
};

const Case kCases[] = {
    {"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", 1795382400, 1, false},
    {"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", 1795382400, 100, true},
    {"secret", "eu-west-3", 1700000000, 65535, false},
    {"secret", "eu-west-3", 1700000000, 65536, true},
    {"secret", "eu-west-3", 1700000000, 65537, false},
    {std::string(100, 'k'), "cn-north-1", 946684799, 131072, false},
    {std::string(100, 'k'), "cn-north-1", 946684799, 300001, true},
    {"a+b/c=d", "ap-southeast-2", 2000000000, 8192, true},
};

std::string object(std::size_t size, std::size_t n) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 31 + n) % 256);
  return s;
}

class MinioGoPeer : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::path(testing::TempDir()) / ("minio_chunk_oracle_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream cases(dir_ / "cases.txt");
    for (const Case& c : kCases)
      cases << c.secret << ' ' << c.region << ' ' << c.unix_time << ' ' << c.size << ' '
            << (c.trailer ? 1 : 0) << '\n';
    cases.close();
    const std::string cmd = std::string(MINIO_CHUNK_ORACLE) + " '" + dir_.string() + "' < '" +
                            (dir_ / "cases.txt").string() + "'";
    FILE* p = popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    char line[512];
    while (fgets(line, sizeof line, p) != nullptr) {
      std::istringstream in(line);
      std::size_t n;
      Seed s;
      in >> n >> s.amz_date >> s.scope >> s.signature;
      seeds_.push_back(s);
    }
    ASSERT_EQ(pclose(p), 0) << cmd;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }

  struct Seed {
    std::string amz_date, scope, signature;
  };
  static std::filesystem::path dir_;
  static std::vector<Seed> seeds_;
};
std::filesystem::path MinioGoPeer::dir_;
std::vector<MinioGoPeer::Seed> MinioGoPeer::seeds_;

sigv4::ChunkSigner signer_for(const Case& c, const sigv4::SigningTime& t, const std::string& scope,
                              const std::string& seed) {
  return sigv4::ChunkSigner(sigv4::SigningKey::derive(c.secret, t.date_stamp(), c.region, "s3"), t, scope,
                            seed);
}

TEST_F(MinioGoPeer, SameInputsGiveTheSameChunkSignaturesAndWireBytes) {
  ASSERT_EQ(seeds_.size(), std::size(kCases));
  for (std::size_t n = 0; n < std::size(kCases); ++n) {
    const Case& c = kCases[n];
    SCOPED_TRACE("case " + std::to_string(n) + " size " + std::to_string(c.size));
    const sigv4::SigningTime t = sigv4::SigningTime::parse_or_throw(seeds_[n].amz_date);
    EXPECT_EQ(t.unix_seconds(), c.unix_time);
    std::string theirs = chunked_test::read_file((dir_ / (std::to_string(n) + ".wire")).string());
    const std::string data = object(c.size, n);
    sigv4::ChunkedUploadOptions o;
    o.mode = c.trailer ? sigv4::ChunkedMode::signed_payload_trailer : sigv4::ChunkedMode::signed_payload;
    if (c.trailer) o.checksum = sigv4::ChecksumAlgorithm::crc32c;
    sigv4::ChunkedEncoder enc(sigv4::ChunkSource::bytes(data), o,
                              signer_for(c, t, seeds_[n].scope, seeds_[n].signature));
    std::string ours;
    for (auto p = enc.next(); !p.empty(); p = enc.next()) ours.append(p);

    // Our decoder accepts minio-go's bytes as they are (its trailer line ends "\n\r\n").
    sigv4::ChunkedDecoderConfig cfg;
    cfg.mode = o.mode;
    cfg.decoded_content_length = c.size;
    if (c.trailer) cfg.declared_trailers = {"x-amz-checksum-crc32c"};
    sigv4::ChunkedDecoder dec(cfg, signer_for(c, t, seeds_[n].scope, seeds_[n].signature));
    std::string decoded;
    ASSERT_EQ(dec.feed(theirs, [&](std::string_view d) { decoded.append(d); }), sigv4::ChunkedError::none)
        << dec.error_message();
    ASSERT_EQ(dec.finish(), sigv4::ChunkedError::none) << dec.error_message();
    EXPECT_TRUE(decoded == data);

    if (c.trailer) {
      const std::size_t quirk = theirs.rfind("\n\r\nx-amz-trailer-signature:");
      ASSERT_NE(quirk, std::string::npos);
      theirs.erase(quirk, 1);
    }
    EXPECT_EQ(ours.size(), theirs.size());
    EXPECT_TRUE(ours == theirs)
        << "first difference at byte "
        << std::mismatch(ours.begin(), ours.end(), theirs.begin(), theirs.end()).first - ours.begin();
  }
}

}  // namespace
