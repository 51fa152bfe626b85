#include "workloads.hpp"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "block_count.hpp"

namespace sigv4::bench {

RequestView Workload::view(std::vector<HeaderView>& storage) const {
  storage.clear();
  for (const auto& h : headers) storage.push_back({h.name, h.value});
  return RequestView{method, target, storage, scheme};
}

std::size_t Workload::body_blocks() const noexcept {
  return payload_hashing == PayloadHashing::body_hashed ? sha256_blocks(body.size()) : 0;
}

const Workload& WorkloadSet::get(std::string_view id) const {
  for (const auto& w : workloads)
    if (w.id == id) return w;
  throw std::runtime_error("workloads file defines no workload " + std::string(id));
}

std::string generated_body(std::size_t size) {
  std::string body(size, '\0');
  for (std::size_t i = 0; i < size; ++i) body[i] = static_cast<char>(i % 251);
  return body;
}

namespace {

Workload parse_workload(const nlohmann::json& j) {
  Workload w;
  w.id = j.at("id").get<std::string>();
  w.name = j.at("name").get<std::string>();
  w.method = j.at("method").get<std::string>();
  w.scheme = j.at("scheme").get<std::string>();
  w.target = j.at("path").get<std::string>();
  const auto query = j.at("query").get<std::string>();
  if (!query.empty()) w.target += "?" + query;
  for (const auto& h : j.at("headers"))
    w.headers.push_back({h.at(0).get<std::string>(), h.at(1).get<std::string>()});
  const auto location = j.at("location").get<std::string>();
  const auto payload = j.at("payload").get<std::string>();
  if (location == "query") {
    w.settings = SigningSettings::s3_presign(j.at("expires").get<std::int64_t>());
  } else if (location == "headers") {
    w.settings = SigningSettings::s3();
    // "UNSIGNED-PAYLOAD" comes from the request's own x-amz-content-sha256 header; "sha256" hashes the body.
    if (payload != "UNSIGNED-PAYLOAD" && payload != "sha256")
      throw std::runtime_error("workload " + w.id + ": unknown payload '" + payload + "'");
  } else {
    throw std::runtime_error("workload " + w.id + ": unknown location '" + location + "'");
  }
  w.payload_hashing = payload == "sha256" ? PayloadHashing::body_hashed : PayloadHashing::from_header;
  w.body = generated_body(j.at("body_size").get<std::size_t>());
  return w;
}

std::string workloads_path() {
  if (const char* env = std::getenv("SIGV4_BENCH_WORKLOADS"); env != nullptr && *env != '\0') return env;
  return SIGV4_BENCH_WORKLOADS_FILE;
}

WorkloadSet load() {
  const std::string path = workloads_path();
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open the workloads file " + path);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
    WorkloadSet set;
    const auto& c = j.at("credentials");
    set.credentials =
        Credentials(c.at("access_key_id").get<std::string>(), c.at("secret_access_key").get<std::string>());
    set.region = j.at("region").get<std::string>();
    set.service = j.at("service").get<std::string>();
    set.time = SigningTime::parse_or_throw(j.at("time").get<std::string>());
    for (const auto& w : j.at("workloads")) set.workloads.push_back(parse_workload(w));
    return set;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("malformed workloads file " + path + ": " + e.what());
  }
}

}  // namespace

const WorkloadSet& workloads() {
  static const WorkloadSet set = load();
  return set;
}

}  // namespace sigv4::bench
