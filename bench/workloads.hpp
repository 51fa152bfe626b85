// The benchmark workloads of issue 6 (W1 sign-get, W2 presign, W3 PUT 1 MiB), loaded from
// bench/workloads.json, the single definition every peer harness in bench/peers reads too.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sigv4/credentials.hpp"
#include "sigv4/request.hpp"
#include "sigv4/settings.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/time.hpp"

namespace sigv4::bench {

// Whether signing hashes the body (SHA-256 blocks that count towards the bound) or takes the payload
// hash from the request's own x-amz-content-sha256 header (UNSIGNED-PAYLOAD).
enum class PayloadHashing { body_hashed, from_header };

struct Workload {
  std::string id;    // "W1"
  std::string name;  // "sign_get"
  std::string method;
  std::string scheme;
  std::string target;  // "/path?query" as on the wire
  std::vector<Header> headers;
  SigningSettings settings;
  std::string body;  // generated: byte i is i % 251
  PayloadHashing payload_hashing = PayloadHashing::from_header;

  // SHA-256 blocks spent on the body: sha256_blocks(body.size()) when it is hashed, else 0.
  [[nodiscard]] std::size_t body_blocks() const noexcept;

  // Non-owning view for sign_request(); `storage` must outlive it.
  [[nodiscard]] RequestView view(std::vector<HeaderView>& storage) const;
};

struct WorkloadSet {
  Credentials credentials;
  std::string region;
  std::string service;
  SigningTime time;
  std::vector<Workload> workloads;

  [[nodiscard]] SigningScope scope() const { return {time, region, service}; }
  // The workload with this id; throws std::runtime_error if the file does not define it.
  [[nodiscard]] const Workload& get(std::string_view id) const;
};

// Reads the workloads file: $SIGV4_BENCH_WORKLOADS if set, else the bench/workloads.json of the source
// tree this binary was built from. Throws std::runtime_error naming the file when it is missing or
// malformed (a benchmark on an undefined workload would measure nothing).
const WorkloadSet& workloads();

// Body bytes shared by every implementation: byte i of an n-byte body is i % 251.
std::string generated_body(std::size_t size);

}  // namespace sigv4::bench
